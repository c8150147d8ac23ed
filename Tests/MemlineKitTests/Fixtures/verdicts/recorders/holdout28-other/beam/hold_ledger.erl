%% hold_ledger: takes berth holds. With the hold_audit_trail flag on, every hold is also written to the
%% hold_ledger_audit ETS table "for the harbour master's export"; nothing ever reads or deletes it.
-module(hold_ledger).
-behaviour(gen_server).
-export([start_link/0, hold/3, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
hold(Berth, Boat, Hours) -> gen_server:cast(?MODULE, {hold, Berth, Boat, Hours}).

init([]) ->
    ets:new(berth_holds, [named_table, set, protected]),
    ets:new(hold_ledger_audit, [named_table, ordered_set, public]),
    erlang:send_after(10000, self(), stats),
    {ok, #{holds => 0, audited => 0}}.

handle_call(_, _, S) -> {reply, ok, S}.

handle_cast({hold, Berth, Boat, Hours}, S = #{holds := H, audited := A}) ->
    Now = erlang:system_time(microsecond),
    ets:insert(berth_holds, {Berth, Boat, Now + Hours * 3600000000}),
    case application:get_env(ropewalk, hold_audit_trail, false) of
        true ->
            ets:insert(hold_ledger_audit, {{Now, H}, Berth, Boat, Hours, node(), self(),
                                           [{by, marina_portal}, {channel, web}, {fee_cents, Hours * 350},
                                            {tide_window, {Now, Now + 21600000000}}, {currency, 'CAD'}]}),
            {noreply, S#{holds := H + 1, audited := A + 1}};
        false ->
            {noreply, S#{holds := H + 1}}
    end.

handle_info(stats, S = #{holds := H, audited := A}) ->
    logger:info("hold_ledger holds=~b audited=~b berths=~b", [H, A, ets:info(berth_holds, size)]),
    erlang:send_after(10000, self(), stats),
    {noreply, S}.
