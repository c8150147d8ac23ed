%% fare_index: the fare table for all zones and products, built at boot and kept in the state: big and flat.
-module(fare_index).
-behaviour(gen_server).
-export([start_link/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    T = maps:from_list([{{Z, P}, {fare, Z, P, Z * 35 + P, <<"GBP">>}} || Z <- lists:seq(1, 240), P <- lists:seq(1, 220)]),
    {ok, T}.
handle_call({fare, K}, _, T) -> {reply, maps:get(K, T, none), T}.
handle_cast(_, T) -> {noreply, T}.
handle_info(_, T) -> {noreply, T}.
