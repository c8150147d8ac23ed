%% api_conn: one keep-alive API connection: a quote request every 12-25 ms, each looking up both postcodes in
%% geo_index and asking quote_memo for a price. When quote_memo is down (being restarted) the call exits and the
%% request is answered with a 503; the connection survives.
-module(api_conn).
-export([start_link/1, init/2]).

start_link(I) -> proc_lib:start_link(?MODULE, init, [I, self()]).

init(I, _Parent) ->
    proc_lib:init_ack({ok, self()}),
    rand:seed(exsss, {I, 17, 4242}),
    loop(I, 0, 0).

loop(I, Served, Failed) ->
    timer:sleep(11 + rand:uniform(14)),
    Customer = rand:uniform(9000),
    O = {<<"DE">>, rand:uniform(180000)},
    D = {<<"FR">>, rand:uniform(180000)},
    Kg = 50 + rand:uniform(2400),
    try
        _ = geo_index:lookup({code(element(2, O)), element(2, O)}),
        _ = quote_memo:quote(Customer, O, D, Kg),
        loop(I, Served + 1, Failed)
    catch
        exit:_ -> timer:sleep(50), loop(I, Served, Failed + 1)
    end.

code(I) -> iolist_to_binary(io_lib:format("~2..0b~3..0b", [I rem 97, I rem 1000])).
