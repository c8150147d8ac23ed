%% event_sink: a registered gen_server that persists analytics events one by one.
%% Each event costs ~2 ms (a timer:sleep(1) stands in for the downstream write), so it handles
%% ~470 events/s while the ingest connections cast ~3000/s: its mailbox grows without bound.
-module(event_sink).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_cast/2, handle_call/3, handle_info/2]).

start_link() -> gen_server:start_link({local, event_sink}, ?MODULE, [], []).

init([]) ->
    logger:info("event_sink: started, writing to analytics store"),
    erlang:send_after(5000, self(), flush_stats),
    {ok, #{written => 0, last => 0}}.

handle_cast({event, _Seq, Ev}, S = #{written := N}) ->
    _ = erlang:phash2(Ev),
    timer:sleep(1),
    {noreply, S#{written := N + 1}}.

handle_call(stats, _From, S) -> {reply, S, S}.

handle_info(flush_stats, S = #{written := N, last := L}) ->
    {message_queue_len, Q} = erlang:process_info(self(), message_queue_len),
    logger:info("event_sink: wrote ~b events in 5s (queue ~b)", [N - L, Q]),
    erlang:send_after(5000, self(), flush_stats),
    {noreply, S#{last := N}}.
