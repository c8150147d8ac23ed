%% booking_api: plays the HTTP quote traffic: ~400 quote requests/s, each cast to fare_quote_memo.
-module(booking_api).
-export([start_link/0, init/0]).

start_link() -> {ok, spawn_link(?MODULE, init, [])}.

init() -> register(booking_api, self()), rand:seed(exsss, {7, 11, 13}), loop(0).

loop(N) ->
    [begin
         Route = rand:uniform(40), Sess = erlang:unique_integer([positive]),
         Legs = [{{leg, I}, 20.0 + rand:uniform(180)} || I <- lists:seq(1, 3 + rand:uniform(5))],
         gen_server:cast(fare_quote_memo, {quote, {Route, rand:uniform(12), rand:uniform(6), car, Sess}, Legs})
     end || _ <- lists:seq(1, 20)],
    timer:sleep(50),
    loop(N + 1).
