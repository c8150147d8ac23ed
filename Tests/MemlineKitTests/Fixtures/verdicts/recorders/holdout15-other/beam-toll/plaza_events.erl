%% plaza_events: turns lane transactions into plaza tallies (bounded: one counter per lane and class) and e-receipts.
%% Each transaction costs a rate lookup and, every 5th, a 1 ms ledger write: ~3,000-3,500/s at most. When its
%% mailbox is empty it hibernates (compacting its heap).
-module(plaza_events).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> {ok, #{n => 0, tally => #{}}}.

handle_info({txn, Lane, Cls, Axles, Tag, Plate}, #{n := N, tally := T} = S) ->
    Cents = toll_rates_lookup({Cls, Axles, N rem 24, Tag}),
    if N rem 5 =:= 4 -> receive after 1 -> ok end; true -> ok end,
    if N rem 20 =:= 0 -> gen_server:cast(receipt_mailer, {receipt, #{plate => Plate, cents => Cents}}); true -> ok end,
    if N rem 50000 =:= 0, N > 0 -> logger:info("plaza_events: ~b transactions tallied", [N]); true -> ok end,
    S1 = S#{n := N + 1, tally := maps:update_with({Lane, Cls}, fun(V) -> V + Cents end, Cents, T)},
    case erlang:process_info(self(), message_queue_len) of
        {message_queue_len, 0} -> {noreply, S1, hibernate};
        _ -> {noreply, S1}
    end.

toll_rates_lookup(K) ->
    case gen_server:call(toll_rates, {rate, K}) of #{cents := C} -> C; _ -> 0 end.

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
