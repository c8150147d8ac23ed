%% fare_quote_memo: remembers every fare quote it computed so a repeated search is answered at once. Keyed by
%% {route, sailing, passengers, vehicle, session}: the session id makes every key new, nothing is ever evicted.
-module(fare_quote_memo).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> {ok, #{}}.

handle_call(size, _From, M) -> {reply, map_size(M), M}.

handle_cast({quote, Key, Legs}, M) ->
    Fare = [{Leg, Base * 1.19, [{tax, Base * 0.19}, {port_fee, 4.5}]} || {Leg, Base} <- Legs],
    {noreply, M#{Key => {erlang:system_time(millisecond), Fare}}};
handle_cast({reprice, Table}, M) ->
    Surcharge = binary_to_integer(lists:last(binary:split(Table, <<"=">>))),
    {noreply, maps:map(fun(_, {T, F}) -> {T, [{L, P + Surcharge, X} || {L, P, X} <- F]} end, M)}.
