%% feed_poller: polls the supplier stock feed every 2 s; the supplier times out about one poll in seven and the
%% poller does not handle it (badmatch): it crashes and shopnode_sup restarts it.
-module(feed_poller).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, feed_poller}, ?MODULE, [], []).

init([]) -> erlang:send_after(2000, self(), poll), {ok, #{polls => 0}}.

handle_info(poll, S = #{polls := N}) ->
    {ok, Items} = fetch(),
    erlang:send_after(2000, self(), poll),
    {noreply, S#{polls := N + 1, last => length(Items)}}.

fetch() ->
    case rand:uniform(7) of
        1 -> {error, {timeout, "https://feeds.supplier.example/stock.json"}};
        _ -> {ok, [{stock, rand:uniform(4000), rand:uniform(200)} || _ <- lists:seq(1, 300)]}
    end.

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
