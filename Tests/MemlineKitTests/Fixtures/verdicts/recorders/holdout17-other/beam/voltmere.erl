%% voltmere 2.7.0: an EV charge-network node for memline's h17-beam-* incident (OTP 25, plain registered processes).
%%   erl -noshell -pa ebin -eval 'voltmere:start("OUT_DIR", SECONDS, CONFIG_AT)'
%% CONFIG_AT s in, an operator changes meter_flush_ms (1000 -> 250) and tariff_refresh_s (300 -> 120) with
%% application:set_env and the node logs the change.
-module(voltmere).
-export([start/3]).

start(OutDir, Seconds, ConfigAt) ->
    logger:notice("voltmere 2.7.0 starting on ~s (OTP ~s)", [node(), erlang:system_info(otp_release)]),
    application:set_env(voltmere, meter_flush_ms, 1000),
    application:set_env(voltmere, tariff_refresh_s, 300),
    quote_ledger:start(),
    ocpp_outbox:start(),
    station_registry:start(),
    vm_probe:start(OutDir),
    charge_session_hub:start(),
    logger:notice("voltmere up: 180 charge points, 4 connectors each"),
    timer:sleep(ConfigAt * 1000),
    application:set_env(voltmere, meter_flush_ms, 250),
    application:set_env(voltmere, tariff_refresh_s, 120),
    logger:notice("config change applied: meter_flush_ms 1000 -> 250, tariff_refresh_s 300 -> 120 (OPS-2291)"),
    timer:sleep((Seconds - ConfigAt) * 1000),
    logger:notice("voltmere stopping (SIGTERM from systemd)"),
    vm_probe:flush(),
    init:stop().
