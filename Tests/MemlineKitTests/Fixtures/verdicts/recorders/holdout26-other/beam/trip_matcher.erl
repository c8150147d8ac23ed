%% Pairs tap-ins with tap-outs. Open trips are kept in a map until the tap-out arrives; sweep/2 is meant to drop
%% trips open longer than ?MAX_OPEN_S, but compares erlang:monotonic_time(millisecond) against a second-based
%% stamp, so nothing is ever old enough: trips whose tap-out never comes (lost cards, gate faults) stay forever.
-module(trip_matcher).
-behaviour(gen_server).
-export([start_link/0, tap/1, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).
-define(MAX_OPEN_S, 7200).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

tap(Tap) -> gen_server:cast(?MODULE, {tap, Tap}).

init([]) ->
    erlang:send_after(5000, self(), sweep),
    logger:info("trip_matcher started, open trips expire after ~p s", [?MAX_OPEN_S]),
    {ok, #{open => #{}, matched => 0, swept => 0}}.

handle_cast({tap, {in, Card, Stop, Route, Gates}}, S = #{open := Open}) ->
    Now = erlang:system_time(second),
    {noreply, S#{open := Open#{Card => {Stop, Route, Now, Gates}}}};
handle_cast({tap, {out, Card, Stop}}, S = #{open := Open, matched := M}) ->
    case maps:take(Card, Open) of
        {{From, _Route, _T, _G}, Rest} ->
            _ = fare_table:fare(From, Stop),
            {noreply, S#{open := Rest, matched := M + 1}};
        error ->
            {noreply, S}
    end;
handle_cast({tap, {correction, Card, Delta}}, S = #{open := Open}) ->
    %% a gate sends a fare correction (in euros) for an open trip
    Cents = round(Delta * 100),
    case maps:find(Card, Open) of
        {ok, {Stop, Route, T, Gates}} -> {noreply, S#{open := Open#{Card => {Stop, Route, T, [{adj, Cents} | Gates]}}}};
        error -> {noreply, S}
    end.

handle_info(sweep, S = #{open := Open, swept := Sw}) ->
    Cutoff = erlang:monotonic_time(millisecond) - ?MAX_OPEN_S,
    Keep = maps:filter(fun(_, {_, _, T, _}) -> T >= Cutoff end, Open),
    Dropped = map_size(Open) - map_size(Keep),
    erlang:send_after(5000, self(), sweep),
    {noreply, S#{open := Keep, swept := Sw + Dropped}}.

handle_call(stats, _, S = #{open := Open, matched := M, swept := Sw}) ->
    {reply, #{open => map_size(Open), matched => M, swept => Sw}, S}.

format_status(_Opt, [_PDict, #{open := Open, matched := M, swept := Sw}]) ->
    [{data, [{"State", #{open_trips => map_size(Open), matched => M, swept => Sw}}]}];
format_status(_Opt, [_PDict, S]) ->
    [{data, [{"State", S}]}].
