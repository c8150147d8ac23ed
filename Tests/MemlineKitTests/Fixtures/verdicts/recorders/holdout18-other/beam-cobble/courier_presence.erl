%% courier_presence: which couriers are on shift (a small map, refreshed every second).
-module(courier_presence).
-export([start/0, init/0]).
start() -> register(courier_presence, spawn(?MODULE, init, [])).
init() -> loop(#{}).
loop(M) ->
    receive after 1000 ->
        K = rand:uniform(300),
        loop(maps:put(K, erlang:system_time(second), M))
    end.
