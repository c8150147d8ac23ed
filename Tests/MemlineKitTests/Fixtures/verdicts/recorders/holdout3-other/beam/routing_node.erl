%% routing_node: a freight-quoting OTP node recorded for memline's h3-beam-worker-restart incident.
%%   erl -noshell -pa ebin -config sys -eval 'routing_node:run()'
%% Config (application env of `routing`): out_dir, run_seconds.
%% Starts routing_sup and lets it run for run_seconds, then stops the node. The kernel logger's default handler
%% (configured in sys.config) writes app.log; proc_exporter writes proc_top.jsonl; the OS pid goes to beam.pid.
-module(routing_node).
-export([run/0]).

run() ->
    application:load(routing),
    {ok, Dir} = application:get_env(routing, out_dir),
    {ok, Secs} = application:get_env(routing, run_seconds),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("routing 2.7.0 starting (OTP ~s, erts ~s, ~b schedulers)",
                  [erlang:system_info(otp_release), erlang:system_info(version),
                   erlang:system_info(schedulers)]),
    {ok, _} = routing_sup:start_link(Dir),
    timer:sleep(Secs * 1000),
    logger:notice("routing stopping after ~b s", [Secs]),
    proc_exporter:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().
