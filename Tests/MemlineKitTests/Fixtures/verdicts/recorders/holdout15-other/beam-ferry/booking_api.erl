%% booking_api: the booking front end's quote traffic: 8 quote calls every 25 ms (~320/s), each from a new booking
%% session.
-module(booking_api).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() -> register(?MODULE, self()), loop(0).

loop(N) ->
    receive after 25 -> ok end,
    [gen_server:call(fare_quote_cache,
                     {quote, lists:nth(1 + (N + I) rem 9, routes()), {2027, 1 + (N + I) rem 12, 1 + (N + I) rem 28},
                      lists:nth(1 + I rem 3, [econ, comfort, cabin]), {{session, N * 8 + I}, 1 + I rem 4}})
     || I <- lists:seq(1, 8)],
    loop(N + 1).

routes() -> [<<"HEL-TLL">>, <<"TLL-HEL">>, <<"HEL-STO">>, <<"STO-HEL">>, <<"TKU-MHQ">>, <<"MHQ-STO">>,
             <<"VAA-UME">>, <<"UME-VAA">>, <<"HEL-TRV">>].
