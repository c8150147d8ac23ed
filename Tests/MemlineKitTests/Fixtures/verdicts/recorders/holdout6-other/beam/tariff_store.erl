%% tariff_store: the rating tables. At boot it loads 320k destination-prefix tariffs into the public ETS table
%% `tariffs` (read by rating_rules from the rating_engine process) and keeps the prefix -> zone routing index
%% (330k prefixes) in its own state for longest-prefix lookups. Nothing changes afterwards: large and flat.
-module(tariff_store).
-behaviour(gen_server).
-export([start_link/0, zone/1, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).

start_link() -> gen_server:start_link({local, tariff_store}, ?MODULE, [], []).

zone(Prefix) -> gen_server:call(tariff_store, {zone, Prefix}).

init([]) ->
    T0 = erlang:monotonic_time(millisecond),
    Tab = ets:new(tariffs, [named_table, set, public, {read_concurrency, true}]),
    ok = load(Tab, 1, 320000),
    Index = maps:from_list([{prefix(I), {zone, I rem 57, <<"carrier-", (integer_to_binary(I rem 211))/binary>>,
                                         [peak, offpeak, weekend]}}
                            || I <- lists:seq(1, 330000)]),
    logger:info("tariff_store: loaded ~b tariffs (ets ~b words) and ~b routing prefixes from "
                "tariffs/sw3-2026-12.etf in ~b ms",
                [ets:info(Tab, size), ets:info(Tab, memory), map_size(Index),
                 erlang:monotonic_time(millisecond) - T0]),
    {ok, #{index => Index, loaded_at => erlang:system_time(second)}}.

load(_Tab, I, N) when I > N -> ok;
load(Tab, I, N) ->
    true = ets:insert(Tab, {I, prefix(I), {eur, 10 + I rem 190, 60, 1}, {eur, 4 + I rem 70, 60, 1},
                            <<"tariff-plan-", (integer_to_binary(I rem 37))/binary, "-2026Q4">>}),
    load(Tab, I + 1, N).

prefix(I) -> integer_to_binary(44000000 + I * 7).

handle_call({zone, P}, _From, #{index := Idx} = S) -> {reply, maps:get(P, Idx, undefined), S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
format_status(_Opt, [_PDict, #{index := Idx}]) -> [{data, [{"State", {prefixes, map_size(Idx)}}]}].
