%% wickhollow 7.3: a ticket-gate session gateway for memline's h20-beam incident. start(OutDir, Seconds, ReleaseAt,
%% BurstAt) boots the processes, lets the node run for Seconds, then stops it.
-module(wickhollow).
-export([start/4]).

start(OutDir, Seconds, ReleaseAt, BurstAt) ->
    logger:notice("wickhollow 7.3.2 starting on ~s", [node()]),
    {ok, _} = session_keeper:start_link(),
    {ok, _} = ledger_fanout:start_link(),
    {ok, _} = fare_index:start_link(),
    wh_probe:start(OutDir),
    gate_feed:start(),
    timer:sleep(ReleaseAt * 1000),
    logger:notice("release wickhollow 7.4.0 installed (hot upgrade): ledger_fanout settlement batch 500 -> 2000, "
                  "gate_feed reconnect backoff"),
    timer:sleep((BurstAt - ReleaseAt) * 1000),
    ledger_fanout:replay(6400),
    timer:sleep((Seconds - BurstAt) * 1000),
    wh_probe:flush(),
    logger:notice("wickhollow stopping"),
    timer:sleep(200),
    halt(0).
