%% route_lock_journal: records every route lock/release for the audit trail. Since 3.4.0 ("keep the journal in
%% memory until the audit shipper acks") entries are appended to the state but the shipper's acks never arrive
%% (it was switched off on this box), so nothing is trimmed. The process runs with a max_heap_size guard: when its
%% heap passes the guard the VM kills it and signalpost_sup restarts it (new pid, same name), and it grows again.
-module(route_lock_journal).
-behaviour(gen_server).
-export([start_link/0, lock/2, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
lock(Route, Signal) -> gen_server:cast(?MODULE, {lock, Route, Signal}).

init([]) ->
    {ok, Words} = application:get_env(signalpost, journal_max_heap_words),
    process_flag(max_heap_size, #{size => Words, kill => true, error_logger => true}),
    logger:info("route_lock_journal started, audit shipper acks pending"),
    {ok, #{entries => [], n => 0, unacked => 0}}.

handle_call(count, _From, S = #{n := N}) -> {reply, N, S}.

handle_cast({lock, Route, Signal}, S = #{entries := E, n := N, unacked := U}) ->
    Entry = {N, erlang:system_time(millisecond), Route, Signal,
             <<"lock ", (integer_to_binary(Route))/binary, " ", (integer_to_binary(Signal))/binary,
               " IXL-07 aspect=G">>,
             [Route rem 97, Signal rem 13, N rem 7, 0, 1, 2]},
    {noreply, S#{entries := [Entry | E], n := N + 1, unacked := U + 1}}.

handle_info(_, S) -> {noreply, S}.
