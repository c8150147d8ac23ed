-module(corvane_app).
-behaviour(application).
-export([start/2, stop/1]).
start(_Type, _Args) ->
    R = corvane_sup:start_link(),
    logger:notice("corvane up: track_assembler ~p, radar_feed ~p, uplink_guard ~p, alarm_relay ~p",
                  [whereis(track_assembler), whereis(radar_feed), whereis(uplink_guard), whereis(alarm_relay)]),
    R.
stop(_State) -> ok.
