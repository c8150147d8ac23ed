%% courier_sync: pulls the couriers' manifests every 6 s; the courier API times out now and then and the process
%% exits, to be restarted by hexmoor_sup (loud crash reports, nothing kept across restarts).
-module(courier_sync).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    logger:info("courier_sync up ~p", [self()]),
    erlang:send_after(6000, self(), sync),
    {ok, #{runs => 0}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(sync, S = #{runs := R}) ->
    Manifests = [{M, lists:seq(1, 40)} || M <- lists:seq(1, 2000)],
    case rand:uniform(3) of
        1 -> exit({timeout, {courier_api, fetch_manifests, [<<"evri">>, 2000]}});
        _ -> logger:info("courier_sync run=~b manifests=~b", [R + 1, length(Manifests)]),
             erlang:send_after(6000, self(), sync),
             {noreply, S#{runs := R + 1}}
    end.
