%% order_book: the day's open orders (a map of ~6,000 orders, built at boot, updated in place); hands each new invoice
%% to invoice_mailer (25/s).
-module(order_book).
-export([start/0, init/0]).
start() -> register(order_book, spawn(?MODULE, init, [])).
init() ->
    Orders = maps:from_list([{I, {order, I, rand:uniform(400), [{sku, rand:uniform(9000), rand:uniform(12)} || _ <- lists:seq(1, 5)]}}
                             || I <- lists:seq(1, 6000)]),
    loop(Orders, 100000).
loop(Orders, Next) ->
    receive after 40 ->
        invoice_mailer ! {invoice, Next, list_to_binary(io_lib:format("INV-~8..0b", [Next])), <<"ops@marlowfen.example">>},
        K = rand:uniform(6000),
        loop(maps:put(K, {order, K, rand:uniform(400), [{sku, rand:uniform(9000), rand:uniform(12)} || _ <- lists:seq(1, 5)]}, Orders), Next + 1)
    end.
