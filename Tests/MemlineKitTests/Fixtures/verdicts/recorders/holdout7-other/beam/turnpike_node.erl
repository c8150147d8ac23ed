%% turnpike_node: an open-road tolling OTP node recorded for memline's h7-beam-* incidents.
%%   erl -noshell -pa ebin -config sys -eval 'turnpike_node:run()'
%% Config (application env of `turnpike`): out_dir, run_seconds, mode (leak | healthy), crash_at (seconds: the
%% gantry frame lane_reader cannot parse arrives then). Starts turnpike_sup, runs until run_seconds and stops
%% the node. The kernel logger's default handler writes turnpike.log (multi-line default formatter); ops_probe
%% writes probe.txt; the OS pid goes to beam.pid.
-module(turnpike_node).
-export([run/0]).

run() ->
    application:load(turnpike),
    Env = fun(K) -> {ok, V} = application:get_env(turnpike, K), V end,
    Dir = Env(out_dir), Secs = Env(run_seconds),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("turnpike 3.2.0 starting on ~s (OTP ~s, erts ~s, ~b schedulers, mode ~p)",
                  [net_adm:localhost(), erlang:system_info(otp_release), erlang:system_info(version),
                   erlang:system_info(schedulers), Env(mode)]),
    {ok, _} = turnpike_sup:start_link(Dir),
    timer:sleep(Secs * 1000),
    logger:notice("turnpike stopping (init:stop requested by operator)"),
    ops_probe:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().
