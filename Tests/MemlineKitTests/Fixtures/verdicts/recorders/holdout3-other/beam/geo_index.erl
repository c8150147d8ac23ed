%% geo_index: postcode -> {lat, lon, zone, depot} for 180k postcodes, loaded once at boot and kept in the
%% server's state (a large but stable heap: it never changes after the load).
-module(geo_index).
-behaviour(gen_server).
-export([start_link/0, lookup/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

%% min_heap_size keeps the heap sized for the index, so lookups never make a major GC regrow it
start_link() -> gen_server:start_link({local, geo_index}, ?MODULE, [], [{spawn_opt, [{min_heap_size, 7000000}]}]).

lookup(Postcode) -> gen_server:call(geo_index, {lookup, Postcode}).

init([]) ->
    T0 = erlang:monotonic_time(millisecond),
    Index = maps:from_list([entry(I) || I <- lists:seq(1, 180000)]),
    erlang:garbage_collect(),
    logger:info("geo_index: loaded ~b postcodes from geo/postcodes-2026-11.csv in ~b ms",
                [maps:size(Index), erlang:monotonic_time(millisecond) - T0]),
    {ok, Index}.

entry(I) ->
    Code = iolist_to_binary(io_lib:format("~2..0b~3..0b", [I rem 97, I rem 1000])),
    {{Code, I}, {47.0 + (I rem 500) / 100, 5.0 + (I rem 900) / 100, I rem 40,
                 <<"depot-", (integer_to_binary(I rem 64))/binary>>}}.

handle_call({lookup, P}, _From, Index) -> {reply, maps:get(P, Index, undefined), Index}.
handle_cast(_, Index) -> {noreply, Index}.
handle_info(_, Index) -> {noreply, Index}.
