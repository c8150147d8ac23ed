%% silo_catalog: the silo/bin/sensor catalogue, loaded once at start into the gen_server's state (a map of
%% ~42k sensors, ~30 MB of heap), then only read: big but stable.
-module(silo_catalog).
-behaviour(gen_server).
-export([start_link/0, lookup/1, init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, silo_catalog}, ?MODULE, [], []).
lookup(Sensor) -> gen_server:call(silo_catalog, {lookup, Sensor}).

init([]) ->
    Cat = maps:from_list([{S, {silo, S div 240, bin, S rem 240, calibration,
                               [float(S rem 97) / 10.0, float(S rem 13), 1.0],
                               lists:flatten(io_lib:format("sensor-~6..0b-capacitive-v3", [S]))}}
                          || S <- lists:seq(1, 42000)]),
    {ok, Cat}.

handle_call({lookup, S}, _From, Cat) -> {reply, maps:get(S, Cat, undefined), Cat}.
handle_cast(_, Cat) -> {noreply, Cat}.
