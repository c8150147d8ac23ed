%% crane_planner: re-plans crane moves every second from a small rolling state (flat).
-module(crane_planner).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() -> register(?MODULE, self()), loop([]).

loop(Plan) ->
    receive after 1000 -> ok end,
    New = lists:sublist([{crane, C, rand:uniform(400)} || C <- lists:seq(1, 24)] ++ Plan, 200),
    loop(New).
