%% sluicegate 3.2.1: a river-gauge telemetry node for memline's h16-beam-* incident (OTP 25, plain processes).
%%   erl -noshell -pa ebin -eval 'sluicegate:start("OUT_DIR", SECONDS)'
-module(sluicegate).
-export([start/2]).

start(OutDir, Seconds) ->
    logger:info("sluicegate 3.2.1 starting on ~s (OTP ~s)", [node(), erlang:system_info(otp_release)]),
    basin_model:start(),
    reading_normalizer:start(),
    alarm_dispatch:start(),
    sg_probe:start(OutDir),
    gauge_uplink:start(),
    logger:info("sluicegate up: gauge uplink connected, 64 gauges"),
    timer:sleep(Seconds * 1000),
    logger:notice("sluicegate stopping (SIGTERM from systemd)"),
    sg_probe:flush(),
    init:stop().
