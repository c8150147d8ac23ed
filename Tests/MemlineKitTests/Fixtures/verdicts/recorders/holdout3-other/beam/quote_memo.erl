%% quote_memo: prices a shipment lane for a customer and memoises the quote in its state, keyed by
%% {Customer, Origin, Dest, Weight class, minute}. Nothing ever evicts: the minute in the key makes almost every
%% call a new entry, so the server's heap grows for as long as it lives. When it crashes (see partner_feed),
%% routing_sup restarts it with an empty memo and it starts growing again.
-module(quote_memo).
-behaviour(gen_server).
-export([start_link/0, quote/4, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).

start_link() -> gen_server:start_link({local, quote_memo}, ?MODULE, [], []).

quote(Customer, Origin, Dest, Kg) -> gen_server:call(quote_memo, {quote, Customer, Origin, Dest, Kg}).

init([]) ->
    logger:info("quote_memo: started, memoising lane quotes"),
    {ok, #{}}.

handle_call({quote, C, O, D, Kg}, _From, Memo) ->
    Minute = erlang:system_time(second) div 60,
    Key = {C, O, D, Kg div 50, Minute},
    case Memo of
        #{Key := Q} -> {reply, Q, Memo};
        _ ->
            Q = price(C, O, D, Kg),
            {reply, Q, Memo#{Key => Q}}
    end.

price(C, O, D, Kg) ->
    Base = 12.5 + (erlang:phash2({O, D}, 4000) / 100),
    #{customer => C, lane => {O, D}, kg => Kg, eur => Base + Kg * 0.37,
      surcharges => [{fuel, 0.18}, {toll, 2.4}, {remote_area, erlang:phash2(D, 3)}],
      legs => [{leg, N, Base * N / 7, Kg * 0.011 * N, hub_of(N)} || N <- lists:seq(1, 14)],
      valid_until => erlang:system_time(second) + 900,
      ref => <<"Q-", (integer_to_binary(erlang:unique_integer([positive])))/binary>>}.

hub_of(N) -> element(1 + N rem 4, {hub_koeln, hub_lyon, hub_metz, hub_basel}).

handle_cast(_, Memo) -> {noreply, Memo}.
handle_info(_, Memo) -> {noreply, Memo}.

%% Crash reports show the size of the memo, not the memo.
format_status(_Opt, [_PDict, Memo]) -> [{data, [{"State", {memo, maps:size(Memo), entries}}]}].
