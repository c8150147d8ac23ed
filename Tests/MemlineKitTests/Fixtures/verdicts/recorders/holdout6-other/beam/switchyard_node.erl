%% switchyard_node: a telecom CDR rating OTP node recorded for memline's h6-beam-rating-backlog incident.
%%   erl -noshell -pa ebin -config sys -eval 'switchyard_node:run()'
%% Config (application env of `switchyard`): out_dir, run_seconds, upgrade_at (seconds), upgrade_dir (ebin of
%% release 1.12.1). Starts switchyard_sup, applies the 1.12.0 -> 1.12.1 hot code upgrade at upgrade_at (the
%% library module rating_rules and the fraud_scorer gen_server: load, sys:suspend/change_code/resume), runs until
%% run_seconds and stops the node. The kernel logger's default handler writes switchyard.log (single-line default
%% formatter); sw_probe writes procs.jsonl; the OS pid goes to beam.pid.
-module(switchyard_node).
-export([run/0]).

run() ->
    application:load(switchyard),
    Env = fun(K) -> {ok, V} = application:get_env(switchyard, K), V end,
    Dir = Env(out_dir), Secs = Env(run_seconds), UpAt = Env(upgrade_at), UpDir = Env(upgrade_dir),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("switchyard 1.12.0 starting (OTP ~s, erts ~s, ~b schedulers)",
                  [erlang:system_info(otp_release), erlang:system_info(version), erlang:system_info(schedulers)]),
    {ok, _} = switchyard_sup:start_link(Dir),
    timer:sleep(UpAt * 1000),
    upgrade(UpDir),
    timer:sleep((Secs - UpAt) * 1000),
    logger:notice("switchyard stopping (operator request)"),
    sw_probe:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().

upgrade(UpDir) ->
    logger:notice("release_handler: unpacking release switchyard 1.12.1 (relup 1.12.0 -> 1.12.1: "
                  "load_module rating_rules, update fraud_scorer {advanced,[]})"),
    T0 = erlang:monotonic_time(millisecond),
    {module, rating_rules} = code:load_abs(filename:join(UpDir, "rating_rules")),
    ok = sys:suspend(fraud_scorer, 30000),
    {module, fraud_scorer} = code:load_abs(filename:join(UpDir, "fraud_scorer")),
    ok = sys:change_code(fraud_scorer, fraud_scorer, "1.12.0", [], 30000),
    ok = sys:resume(fraud_scorer, 30000),
    _ = code:soft_purge(rating_rules),
    _ = code:soft_purge(fraud_scorer),
    logger:notice("release_handler: hot code upgrade to switchyard 1.12.1 installed in ~b ms "
                  "(rating_rules ~s, fraud_scorer ~s); release made permanent",
                  [erlang:monotonic_time(millisecond) - T0, rating_rules:version(), fraud_scorer:version()]).
