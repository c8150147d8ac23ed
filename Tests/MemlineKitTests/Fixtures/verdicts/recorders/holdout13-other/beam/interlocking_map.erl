%% interlocking_map: the static interlocking tables (routes, signals, points), loaded once at start: large, flat.
-module(interlocking_map).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    Routes = [{R, [{signal, R * 3 + K, lists:seq(1, 8)} || K <- lists:seq(1, 6)]} || R <- lists:seq(1, 2600)],
    logger:info("interlocking_map loaded ~b routes", [length(Routes)]),
    {ok, Routes}.

handle_call({route, R}, _From, S) -> {reply, lists:keyfind(R, 1, S), S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
