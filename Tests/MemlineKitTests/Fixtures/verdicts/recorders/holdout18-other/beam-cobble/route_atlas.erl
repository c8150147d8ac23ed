%% route_atlas: the network's route legs (210,000 legs with waypoints), built at boot and held in the server's
%% state; answers lookups, never grows.
-module(route_atlas).
-behaviour(gen_server).
-export([start/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start() -> gen_server:start({local, route_atlas}, ?MODULE, [], []).
init([]) ->
    Legs = [{I, I rem 14, (I * 7) rem 400, [{W, (I + W) rem 90} || W <- lists:seq(1, 6)]} || I <- lists:seq(1, 210000)],
    erlang:send_after(4000, self(), tick),
    {ok, #{legs => Legs, hits => 0}}.
handle_call({leg, I}, _From, S = #{legs := L}) -> {reply, lists:keyfind(I, 1, L), S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(tick, S = #{hits := H}) -> erlang:send_after(4000, self(), tick), {noreply, S#{hits := H + 1}}.
