%% plate_registry: the account registry: 240k plates -> {account, vehicle class, tag, discounts} loaded at boot
%% into the gen_server's state. Nothing changes afterwards: the biggest process of the node, flat.
-module(plate_registry).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).

start_link() -> gen_server:start_link({local, plate_registry}, ?MODULE, [], []).

init([]) ->
    T0 = erlang:monotonic_time(millisecond),
    Reg = maps:from_list([{I, {account, 700000 + I, class(I), {tag, I * 13}, [commuter, {pct, I rem 15}]}}
                          || I <- lists:seq(1, 240000)]),
    logger:info("plate_registry: ~b plates loaded from registry/2026-12-05.etf in ~b ms",
                [map_size(Reg), erlang:monotonic_time(millisecond) - T0]),
    {ok, Reg}.

class(I) -> element(1 + I rem 4, {car, van, truck, motorcycle}).

handle_call({lookup, K}, _From, R) -> {reply, maps:get(K, R, undefined), R}.
handle_cast(_, R) -> {noreply, R}.
handle_info(_, R) -> {noreply, R}.
format_status(_Opt, [_PDict, R]) -> [{data, [{"State", {plates, map_size(R)}}]}].
