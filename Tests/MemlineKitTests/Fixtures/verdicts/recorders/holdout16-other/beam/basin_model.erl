%% basin_model: the catchment model, 150k grid cells (elevation, soil, 8 level thresholds) held in its state, loaded
%% once at boot: large and stable.
-module(basin_model).
-export([start/0, init/1, lookup/1]).

start() ->
    Me = self(),
    Pid = spawn(?MODULE, init, [Me]),
    register(basin_model, Pid),
    receive {loaded, Pid} -> ok end,
    Pid.

lookup(Cell) ->
    basin_model ! {lookup, self(), Cell},
    receive {cell, V} -> V after 1000 -> timeout end.

init(Parent) ->
    Cells = maps:from_list([{C, {C * 0.001, 100 + C rem 900, soil(C), [float(C rem (K + 3)) || K <- lists:seq(1, 8)]}}
                            || C <- lists:seq(1, 150000)]),
    logger:info("basin_model: ~b cells loaded", [map_size(Cells)]),
    erlang:garbage_collect(),
    Parent ! {loaded, self()},
    loop(Cells).

soil(C) -> lists:nth(1 + C rem 4, [clay, loam, sand, peat]).

loop(Cells) ->
    receive
        {lookup, From, C} -> From ! {cell, maps:get(C, Cells, none)}, loop(Cells)
    end.
