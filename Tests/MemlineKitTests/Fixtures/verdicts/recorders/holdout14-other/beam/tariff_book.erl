%% tariff_book: loads the port's tariff book (dues per vessel class, berth, cargo class, season) into its state once
%% at boot and answers lookups from it: a big state that never grows.
-module(tariff_book).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    Book = [{{Class, Berth, Cargo}, #{rate_cents => (Class * 31 + Berth * 7 + Cargo) rem 9000,
                                       label => <<"tariff-", (integer_to_binary(Class))/binary>>,
                                       seasons => lists:seq(1, 12)}}
            || Class <- lists:seq(1, 60), Berth <- lists:seq(1, 40), Cargo <- lists:seq(1, 60)],
    logger:info("tariff_book loaded ~b tariff lines", [length(Book)]),
    {ok, Book}.

handle_call({dues, Key}, _From, Book) -> {reply, lists:keyfind(Key, 1, Book), Book}.
handle_cast(_, Book) -> {noreply, Book}.
