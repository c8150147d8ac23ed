%% ferrymark_node: a ferry booking backend OTP node recorded for memline's h9-beam-* incident.
%%   erl -noshell -pa ebin -config sys -eval 'ferrymark_node:run()'
%% Config (application env of `ferrymark`): out_dir, run_seconds, crash_at (seconds). Starts ferrymark_sup, runs
%% run_seconds and halts. The kernel logger's default handler (multi-line default formatter) writes ferrymark.log;
%% ferry_probe writes probe.log; the OS pid goes to beam.pid.
-module(ferrymark_node).
-export([run/0]).

run() ->
    application:load(ferrymark),
    Env = fun(K) -> {ok, V} = application:get_env(ferrymark, K), V end,
    Dir = Env(out_dir), Secs = Env(run_seconds), CrashAt = Env(crash_at),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("ferrymark 4.2.1 starting (OTP ~s, erts ~s)",
                  [erlang:system_info(otp_release), erlang:system_info(version)]),
    {ok, _} = ferrymark_sup:start_link(Dir),
    timer:sleep(CrashAt * 1000),
    %% a partner pushes a malformed surcharge table: the memo's reprice crashes it, the supervisor restarts it
    gen_server:cast(fare_quote_memo, {reprice, <<"surcharge_eur=n/a">>}),
    timer:sleep((Secs - CrashAt) * 1000),
    logger:notice("ferrymark stopping (init:stop requested by operator)"),
    ferry_probe:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().
