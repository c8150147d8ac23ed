%% storefront: 8 request loops (~60 req/s each): a price lookup, a rendered fragment, an order confirmation now
%% and then.
-module(storefront).
-export([start_link/1, init/1]).

start_link(I) -> {ok, proc_lib:spawn_link(?MODULE, init, [I])}.

init(I) -> loop(I, 0).

loop(I, N) ->
    timer:sleep(10 + rand:uniform(14)),
    Sku = rand:uniform(90000),
    Price = price_cache:price(Sku),
    Html = iolist_to_binary([<<"<div class=\"product\" data-sku=\"">>, integer_to_binary(Sku), <<"\">">>,
                             io_lib:format("~p", [Price]), <<"</div>">>]),
    _ = byte_size(Html),
    loop(I, N + 1).
