%% ledger_fanout: forwards fare settlements to the clearing ledger, ~1.6 ms each. replay(N) sends it N queued
%% settlements at once (the overnight clearing replay): the mailbox jumps to thousands and drains in seconds.
-module(ledger_fanout).
-behaviour(gen_server).
-export([start_link/0, replay/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], [{spawn_opt, [{message_queue_data, off_heap}]}]).

replay(N) ->
    [gen_server:cast(?MODULE, {settle, I, [{leg, I, J, <<"clearing-ref-", (integer_to_binary(J))/binary>>} || J <- lists:seq(1, 24)]})
     || I <- lists:seq(1, N)],
    ok.

init([]) -> {ok, 0}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast({settle, _I, Legs}, S) ->
    _ = length(Legs),
    case S rem 2 of 0 -> timer:sleep(3); _ -> ok end,
    {noreply, S + 1, hibernate_if_idle()}.
handle_info(_, S) -> {noreply, S}.

hibernate_if_idle() ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, 0} -> hibernate;
        _ -> infinity
    end.
