%% gauge_uplink: reads telemetry frames from the gauge concentrator (simulated): ~3.5 frames/s, each one binary of
%% 110-340 KB (a 96-byte header + samples), cast to reading_normalizer; alarm events (8 per 200 ms tick) go to
%% alarm_dispatch; every 2 s a basin lookup.
-module(gauge_uplink).
-export([start/0, init/0]).

start() ->
    Pid = spawn(?MODULE, init, []),
    register(gauge_uplink, Pid),
    Pid.

init() ->
    rand:seed(exsss, {11, 22, 33}),
    %% the dispatcher starts with the backlog the concentrator replays on connect
    [alarm_dispatch ! alarm(N) || N <- lists:seq(1, 4800)],
    loop(0, 0).

alarm(N) ->
    {alarm, N rem 64, lists:nth(1 + N rem 3, [low, high, critical]), erlang:system_time(millisecond),
     [{stage_cm, 100 + N rem 400}, {flow_m3s, N rem 90}, {battery, 12.4}, {note, <<"threshold crossed">>}]}.

loop(Tick, Seq) ->
    timer:sleep(200),
    [alarm_dispatch ! alarm(Tick * 8 + I) || I <- lists:seq(1, 8)],
    Seq1 = case rand:uniform(100) =< 70 of
               true ->
                   Gauge = rand:uniform(64),
                   Size = 110000 + rand:uniform(230000),
                   Hdr = <<"SGF1", Gauge:32, Seq:64, (erlang:system_time(millisecond)):64, 0:576>>,
                   Body = binary:copy(<<Seq:32, Gauge:32>>, Size div 8),
                   reading_normalizer ! {frame, Gauge, Seq, <<Hdr/binary, Body/binary>>},
                   Seq + 1;
               false -> Seq
           end,
    case Tick rem 10 of
        0 -> basin_model:lookup(rand:uniform(150000));
        _ -> ok
    end,
    loop(Tick + 1, Seq1).
