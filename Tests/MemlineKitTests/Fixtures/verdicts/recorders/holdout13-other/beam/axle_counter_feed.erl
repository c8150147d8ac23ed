%% axle_counter_feed: decodes axle-counter frames; each frame costs a little CPU. During a section re-sync the
%% track_circuit_poller replays a burst of frames at once, the mailbox backs up and then drains. Every 500 frames,
%% if the mailbox is empty, it garbage-collects (added after an earlier incident) so its heap shrinks back once a
%% backlog is gone.
-module(axle_counter_feed).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() ->
    register(?MODULE, self()),
    loop(0).

loop(N) ->
    receive
        {frame, Id, Payload, Counts} ->
            _ = erlang:crc32(Payload) + lists:sum(Counts) + Id,
            spin(4000),
            if N rem 20000 =:= 0, N > 0 -> logger:info("axle_counter_feed decoded ~b frames", [N]); true -> ok end,
            if N rem 500 =:= 0 ->
                   case erlang:process_info(self(), message_queue_len) of
                       {message_queue_len, 0} -> erlang:garbage_collect();
                       _ -> ok
                   end;
               true -> ok
            end,
            loop(N + 1)
    end.

spin(0) -> ok;
spin(K) -> _ = erlang:phash2(K), spin(K - 1).
