%% meterhub_node: a smart-meter ingestion OTP node recorded for memline's h5-beam-heap-cap incident.
%%   erl -noshell -pa ebin -config sys -eval 'meterhub_node:run()'
%% Config (application env of `meterhub`): out_dir, run_seconds, config_change_at (seconds).
%% Starts meterhub_sup, lets it run for run_seconds, then stops the node. The kernel logger's default handler
%% (sys.config: multi-line default formatter) writes meterhub.log; vm_telemetry writes telemetry.jsonl; the OS
%% pid goes to beam.pid. At config_change_at an operator's runtime config change (export chunk size) is applied.
-module(meterhub_node).
-export([run/0]).

run() ->
    application:load(meterhub),
    {ok, Dir} = application:get_env(meterhub, out_dir),
    {ok, Secs} = application:get_env(meterhub, run_seconds),
    {ok, ChangeAt} = application:get_env(meterhub, config_change_at),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("meterhub 4.1.0 starting (OTP ~s, erts ~s, ~b schedulers, node ~s)",
                  [erlang:system_info(otp_release), erlang:system_info(version),
                   erlang:system_info(schedulers), node()]),
    {ok, _} = meterhub_sup:start_link(Dir),
    timer:sleep(ChangeAt * 1000),
    logger:notice("config change applied by meterhub_ctl (ops ticket OPS-2291): export_uploader.chunk_rows 150000 -> 300000"),
    export_uploader:set_chunk_rows(300000),
    timer:sleep((Secs - ChangeAt) * 1000),
    logger:notice("meterhub stopping after ~b s", [Secs]),
    vm_telemetry:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().
