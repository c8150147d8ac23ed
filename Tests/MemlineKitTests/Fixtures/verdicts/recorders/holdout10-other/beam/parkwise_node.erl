%% parkwise_node: a parking-garage backend OTP node recorded for memline's h10-beam-* incident.
%%   erl -noshell -sname parkwise -pa ebin -config sys -eval 'parkwise_node:run()'
%% Config (application env of `parkwise`): out_dir, run_seconds, hotload_at (seconds). Starts parkwise_sup, and at
%% hotload_at does what the release tooling's hot upgrade to 3.2.1 does for tariff_calc (suspend, soft purge,
%% load the new object code, code_change, resume; no restart), logging it; runs run_seconds and halts.
-module(parkwise_node).
-export([run/0]).

run() ->
    application:load(parkwise),
    Env = fun(K) -> {ok, V} = application:get_env(parkwise, K), V end,
    Dir = Env(out_dir), Secs = Env(run_seconds), At = Env(hotload_at),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("parkwise 3.2.0 starting (OTP ~s, erts ~s)",
                  [erlang:system_info(otp_release), erlang:system_info(version)]),
    {ok, _} = parkwise_sup:start_link(Dir),
    timer:sleep(At * 1000),
    logger:notice("release_handler: deploying release parkwise 3.2.1 (hot code upgrade, no restart): loading tariff_calc"),
    ok = sys:suspend(tariff_calc),
    _ = code:soft_purge(tariff_calc),
    {module, tariff_calc} = code:load_file(tariff_calc),
    ok = sys:change_code(tariff_calc, tariff_calc, "3.2.0", []),
    ok = sys:resume(tariff_calc),
    logger:notice("release_handler: release parkwise 3.2.1 installed and made permanent (tariff_calc ~s)",
                  [tariff_calc:vsn()]),
    timer:sleep((Secs - At) * 1000),
    logger:notice("parkwise stopping (init:stop requested by operator), ~b sessions open",
                  [gen_server:call(session_registry, count)]),
    pw_probe:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().
