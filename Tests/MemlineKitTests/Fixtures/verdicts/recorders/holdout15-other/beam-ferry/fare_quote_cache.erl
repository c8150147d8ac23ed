%% fare_quote_cache: memoises fare quotes. The key is {Route, Date, Class, Ctx}; since the loyalty change Ctx carries
%% the caller's booking session id, so no key is ever asked twice, and the TTL sweep was never written: every quote
%% stays in the state map for the life of the process.
-module(fare_quote_cache).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> {ok, #{quotes => #{}, hits => 0, misses => 0}}.

handle_call({quote, Route, Date, Class, Ctx} = Q, _From, #{quotes := Qs, misses := M} = S) ->
    Key = {Route, Date, Class, Ctx},
    case Qs of
        #{Key := Quote} -> {reply, Quote, S#{hits := maps:get(hits, S) + 1}};
        _ ->
            Quote = price(Q),
            if (M + 1) rem 10000 =:= 0 -> logger:info("fare_quote_cache: ~b quotes computed", [M + 1]); true -> ok end,
            {reply, Quote, S#{quotes := Qs#{Key => Quote}, misses := M + 1}}
    end.

handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.

price({quote, Route, Date, Class, {_Session, Pax}}) ->
    Base = 1800 + (erlang:phash2({Route, Date}) rem 9000),
    #{route => Route, date => Date, class => Class, pax => Pax,
      legs => [#{leg => L, cents => Base div (L + 1), fees => [port, fuel, eco]} || L <- lists:seq(1, 3)],
      total_cents => Base * Pax, currency => <<"EUR">>}.
