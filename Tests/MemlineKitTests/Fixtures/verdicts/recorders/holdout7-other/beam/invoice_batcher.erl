%% invoice_batcher: every 11-15 s builds the invoice lines of the last window (380k {Account, Trip, Cents, Class}
%% tuples), sorts them by account, "posts" them and hibernates: a big heap for ~2 s, then a few hundred words.
-module(invoice_batcher).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, invoice_batcher}, ?MODULE, [], []).

init([]) ->
    erlang:send_after(6000, self(), batch),
    {ok, 1, hibernate}.

handle_info(batch, N) ->
    T0 = erlang:monotonic_time(millisecond),
    Lines = [{700000 + erlang:phash2({N, I}, 240000), I, 120 + I rem 900, I rem 4} || I <- lists:seq(1, 380000)],
    Sorted = lists:keysort(1, Lines),
    Cents = lists:foldl(fun({_, _, C, _}, A) -> A + C end, 0, Sorted),
    timer:sleep(1500),
    logger:info("invoice_batcher: batch ~b posted: ~b invoice lines, ~b.~2..0b EUR in ~b ms",
                [N, length(Sorted), Cents div 100, Cents rem 100, erlang:monotonic_time(millisecond) - T0]),
    erlang:send_after(11000 + rand:uniform(4000), self(), batch),
    {noreply, N + 1, hibernate}.

handle_call(_, _From, N) -> {reply, ok, N}.
handle_cast(_, N) -> {noreply, N}.
