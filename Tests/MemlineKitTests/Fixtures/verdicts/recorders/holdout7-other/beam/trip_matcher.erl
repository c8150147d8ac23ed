%% trip_matcher: pairs each entry read with its exit read and prices the trip. Pending entries wait in the
%% state map keyed by frame seq with the entry's sensor trace (96 speed/axle readings) for the dispute desk.
%% Leak mode: nothing ever expires a pending entry, so the vehicles that left by the unmonitored ramp stay
%% forever. Healthy mode: a sweep every 5 s drops entries older than 30 s.
-module(trip_matcher).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).

start_link() -> gen_server:start_link({local, trip_matcher}, ?MODULE, [], []).

init([]) ->
    {ok, Mode} = application:get_env(turnpike, mode),
    Mode =:= healthy andalso erlang:send_after(5000, self(), sweep),
    erlang:send_after(10000, self(), stats),
    logger:info("trip_matcher: started, pending trips re-read from spool: 0"),
    {ok, #{pending => #{}, matched => 0, mode => Mode}}.

handle_cast({entry, {entry, Seq, Gantry, Lane, Plate}}, #{pending := P} = S) ->
    Trace = [{(Seq * K) rem 160 / 1.7, K rem 5} || K <- lists:seq(1, 96)],
    {noreply, S#{pending := P#{Seq => {Plate, Gantry, Lane, erlang:monotonic_time(millisecond), Trace}}}};
handle_cast({exit, Seq, _Gantry}, #{pending := P, matched := M} = S) ->
    case maps:take(Seq, P) of
        {_Entry, P1} -> {noreply, S#{pending := P1, matched := M + 1}};
        error -> {noreply, S}
    end.

handle_info(sweep, #{pending := P} = S) ->
    Cut = erlang:monotonic_time(millisecond) - 30000,
    P1 = maps:filter(fun(_, {_, _, _, T, _}) -> T >= Cut end, P),
    erlang:send_after(5000, self(), sweep),
    {noreply, S#{pending := P1}};
handle_info(stats, #{pending := P, matched := M} = S) ->
    logger:info("trip_matcher: ~b trips matched, ~b pending", [M, map_size(P)]),
    erlang:send_after(10000, self(), stats),
    {noreply, S};
handle_info(_, S) -> {noreply, S}.

handle_call(pending, _From, #{pending := P} = S) -> {reply, map_size(P), S}.

format_status(_Opt, [_PDict, #{pending := P}]) -> [{data, [{"State", {pending, map_size(P)}}]}].
