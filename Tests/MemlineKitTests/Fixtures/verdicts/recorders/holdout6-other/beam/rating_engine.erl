%% rating_engine: rates every CDR cast to it by cdr_reader (rating_rules:rate/1 against the ETS tariffs) and
%% commits the rated amounts to the billing ledger synchronously every 40 CDRs (a ~25 ms round trip, simulated
%% here by timer:sleep). That caps it at ~1,500 CDRs/s while cdr_reader casts ~1,800/s: casts are not
%% back-pressured, so the rest waits in its mailbox, which grows for as long as the node runs. Its own state is a
%% few counters.
-module(rating_engine).
-behaviour(gen_server).
-export([start_link/0, rate/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(BATCH, 40).
-define(LEDGER_RTT_MS, 25).

start_link() -> gen_server:start_link({local, rating_engine}, ?MODULE, [], []).

rate(Cdr) -> gen_server:cast(rating_engine, {cdr, Cdr}).

init([]) -> {ok, #{rated => 0, pending => 0, amount => 0}}.

handle_cast({cdr, Cdr}, #{rated := N, pending := P, amount := A} = S) ->
    Cents = rating_rules:rate(Cdr),
    case P + 1 of
        ?BATCH ->
            timer:sleep(?LEDGER_RTT_MS),
            N1 = N + 1,
            case N1 rem 25000 of
                0 -> logger:info("rating_engine: ~b cdrs rated, ledger batch ~b committed (~.2f EUR)",
                                 [N1, N1 div ?BATCH, (A + Cents) / 100]);
                _ -> ok
            end,
            {noreply, S#{rated := N1, pending := 0, amount := A + Cents}};
        P1 ->
            N1 = N + 1,
            case N1 rem 25000 of
                0 -> logger:info("rating_engine: ~b cdrs rated, ledger batch ~b committed (~.2f EUR)",
                                 [N1, N1 div ?BATCH, (A + Cents) / 100]);
                _ -> ok
            end,
            {noreply, S#{rated := N1, pending := P1, amount := A + Cents}}
    end.

handle_call(_, _From, S) -> {reply, ok, S}.
handle_info(_, S) -> {noreply, S}.
