%% zone_rules owns the zone_rules ETS table: 18,000 street segments with their tariff rules, reloaded every
%% 20 s from the council feed (same rows, replaced in place: bounded).
-module(zone_rules).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    ets:new(zone_rules, [named_table, set, public, {read_concurrency, true}]),
    load(0), erlang:send_after(20000, self(), reload), {ok, 1}.
load(Gen) ->
    [ets:insert(zone_rules, {Seg, #{zone => Seg rem 240, max_stay => 60 + (Seg rem 5) * 60, gen => Gen,
                                    rule => list_to_binary(io_lib:format("Mon-Sat 08:00-18:30 P~b seg ~6..0b", [1 + Seg rem 4, Seg]))}})
     || Seg <- lists:seq(1, 18000)],
    logger:info("zone_rules: loaded ~b segments (generation ~b)", [ets:info(zone_rules, size), Gen]).
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(reload, Gen) -> load(Gen), erlang:send_after(20000, self(), reload), {noreply, Gen + 1}.
