%% grainline_node: runs the grainline node (grain-silo telemetry) for memline's h11-beam-grainline-refc-binaries
%% incident.  erl -noshell -sname grainline -pa ebin -config sys -eval 'grainline_node:run()'
%% Writes beam.pid to out_dir, starts grainline_sup, runs run_seconds, flushes the probe and stops.
-module(grainline_node).
-export([run/0]).

run() ->
    ok = application:load(grainline),
    {ok, Dir} = application:get_env(grainline, out_dir),
    {ok, Secs} = application:get_env(grainline, run_seconds),
    file:write_file(filename:join(Dir, "beam.pid"), os:getpid()),
    {ok, _} = application:ensure_all_started(grainline),
    logger:info("grainline 2.7.3 started on ~s", [node()]),
    timer:sleep(Secs * 1000),
    gl_probe:flush(),
    logger:info("grainline stopping"),
    application:stop(grainline),
    init:stop().
