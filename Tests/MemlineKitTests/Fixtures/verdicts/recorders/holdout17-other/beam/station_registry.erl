%% station_registry: the 180 charge points, their connectors and firmware, in its state; flat.
-module(station_registry).
-export([start/0, init/0]).

start() ->
    Pid = spawn(?MODULE, init, []),
    register(station_registry, Pid),
    Pid.

init() ->
    Stations = maps:from_list([{S, #{connectors => [#{id => C, kw => 22 * C, status => available} || C <- lists:seq(1, 4)],
                                     firmware => <<"ev-fw-4.", (integer_to_binary(S rem 9))/binary>>,
                                     geo => {52.0 + S / 1000, 4.0 + S / 1000}}} || S <- lists:seq(1, 180)]),
    loop(Stations).

loop(Stations) ->
    receive
        {status, From, S} -> From ! {station, maps:get(S, Stations, none)}, loop(Stations)
    end.
