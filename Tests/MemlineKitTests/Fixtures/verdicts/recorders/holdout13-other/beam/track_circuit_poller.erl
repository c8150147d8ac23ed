%% track_circuit_poller: polls the field and feeds route_lock_journal (~950 locks/s) and axle_counter_feed
%% (~150 frames/s). At burst_at s it replays a section re-sync: burst_frames axle frames at once.
-module(track_circuit_poller).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() ->
    register(?MODULE, self()),
    {ok, BurstAt} = application:get_env(signalpost, burst_at),
    {ok, Burst} = application:get_env(signalpost, burst_frames),
    Started = persistent_term:get(signalpost_started, erlang:monotonic_time(millisecond)),
    persistent_term:put(signalpost_started, Started),
    rand:seed(exsss, {7, 11, 13}),
    loop(0, Started + BurstAt * 1000, Burst).

loop(N, BurstAt, Burst) ->
    Now = erlang:monotonic_time(millisecond),
    Burst2 = case Burst > 0 andalso Now >= BurstAt of
                 true ->
                     logger:notice("section S14 re-sync: replaying ~b axle counter frames", [Burst]),
                     [frame(I) || I <- lists:seq(1, Burst)],
                     0;
                 false -> Burst
             end,
    [route_lock_journal:lock(rand:uniform(2600), rand:uniform(15600)) || _ <- lists:seq(1, 20)],
    [frame(N * 3 + K) || K <- [1, 2, 3]],
    timer:sleep(20),
    loop(N + 1, BurstAt, Burst2).

frame(Id) ->
    axle_counter_feed ! {frame, Id, crypto_free_payload(Id), [Id rem 5, Id rem 7, Id rem 11, 4, 4, 8, 8, 2]}.

crypto_free_payload(Id) -> <<Id:64, 0:256, (Id rem 251):8, "AXC14-frame">>.
