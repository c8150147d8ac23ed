%% price_cache: a large but stable cache. 90k price entries in the gen_server's state (a map), refreshed in
%% place every 20 s (8k entries re-priced, then a GC); storefront looks prices up with gen_server:call.
-module(price_cache).
-behaviour(gen_server).
-export([start_link/0, price/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(N, 90000).

start_link() -> gen_server:start_link({local, price_cache}, ?MODULE, [], []).

price(Sku) -> gen_server:call(price_cache, {price, Sku}).

init([]) ->
    Prices = maps:from_list([entry(Sku, 1) || Sku <- lists:seq(1, ?N)]),
    logger:info("price_cache: loaded ~b prices", [maps:size(Prices)]),
    erlang:send_after(20000, self(), refresh),
    {ok, #{prices => Prices, gen => 1}}.

entry(Sku, Gen) ->
    {Sku, #{sku => <<"SKU-", (integer_to_binary(Sku))/binary>>, eur => (Sku * 37 + Gen) rem 50000,
            tiers => [{Q, (Sku + Q) rem 997} || Q <- [1, 10, 50, 100]],
            updated => erlang:system_time(second), currency => <<"EUR">>}}.

handle_call({price, Sku}, _From, S = #{prices := P}) ->
    {reply, maps:get(Sku, P, undefined), S}.

handle_cast(_, S) -> {noreply, S}.

handle_info(refresh, S = #{prices := P, gen := G}) ->
    P1 = lists:foldl(fun(Sku, Acc) -> {K, V} = entry(Sku, G + 1), Acc#{K => V} end, P,
                     [rand:uniform(?N) || _ <- lists:seq(1, 8000)]),
    erlang:garbage_collect(),
    logger:info("price_cache: refresh ~b, 8000 prices updated (~b entries)", [G + 1, maps:size(P1)]),
    erlang:send_after(20000, self(), refresh),
    {noreply, S#{prices := P1, gen := G + 1}}.
