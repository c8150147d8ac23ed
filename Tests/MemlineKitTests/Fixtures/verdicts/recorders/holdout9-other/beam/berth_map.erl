%% berth_map: loads the harbour berth and lane geometry once at boot (a large term kept for the node's life)
%% and answers lookups from it.
-module(berth_map).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    Berths = [{B, [{P, float(P) * 0.001, float(B) * 0.01} || P <- lists:seq(1, 220)]} || B <- lists:seq(1, 2600)],
    {ok, maps:from_list(Berths)}.

handle_call({berth, B}, _From, M) -> {reply, maps:get(B, M, undefined), M}.
handle_cast(_, M) -> {noreply, M}.
