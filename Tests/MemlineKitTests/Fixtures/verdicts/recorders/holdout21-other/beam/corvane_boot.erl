%% corvane 4.2.0, a coastal radar track gateway for memline's h21-beam incident (OTP 25).
%%   erl -heart -noshell -sname corvane -pa ebin -eval 'corvane_boot:start("OUT_DIR", LIFE, SECONDS, STORM_AT, BIN_LIMIT_MB)'
%% Adds the alarm_journal logger handler (domain [corvane, alarm] -> alarms.log, overload protection raised so a
%% storm queues instead of dropping), starts cv_probe and the corvane application as permanent. LIFE 1 runs until the
%% node dies (uplink_guard -> corvane_sup gives up -> permanent application exits -> heart restarts the node);
%% LIFE 2 (the node heart started) runs SECONDS and stops with init:stop().
-module(corvane_boot).
-export([start/5]).

start(OutDir, Life, Seconds, StormAt, BinLimitMb) ->
    ok = logger:add_handler_filter(default, no_alarms, {fun logger_filters:domain/2, {stop, sub, [corvane, alarm]}}),
    ok = logger:add_handler(alarm_journal, logger_std_h,
                            #{config => #{file => filename:join(OutDir, "alarms.log"),
                                          sync_mode_qlen => 100000, drop_mode_qlen => 200000, flush_qlen => 300000,
                                          burst_limit_enable => false},
                              filter_default => stop,
                              filters => [{alarms, {fun logger_filters:domain/2, {log, sub, [corvane, alarm]}}}],
                              formatter => {logger_formatter, #{single_line => true}}}),
    logger:notice("corvane 4.2.0 booting on ~s (OTP ~s, erts ~s)",
                  [node(), erlang:system_info(otp_release), erlang:system_info(version)]),
    cv_probe:start(OutDir),
    application:set_env(corvane, bin_limit_mb, BinLimitMb),
    application:set_env(corvane, storm_at, case Life of 1 -> StormAt; _ -> never end),
    ok = application:start(corvane, permanent),
    case Life of
        1 -> ok;
        _ -> timer:sleep(Seconds * 1000),
             logger:notice("corvane stopping (maintenance window over)"),
             cv_probe:flush(),
             init:stop()
    end.
