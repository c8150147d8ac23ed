%% kilnwatch_node: runs the kilnwatch node (kiln firing telemetry) for memline's h12-beam-kilnwatch-zone-slices
%% incident.  erl -noshell -sname kilnwatch -pa ebin -config sys -eval 'kilnwatch_node:run()'
%% Writes beam.pid to out_dir, starts kilnwatch_sup, runs run_seconds, flushes the sampler and stops.
-module(kilnwatch_node).
-export([run/0]).

run() ->
    ok = application:load(kilnwatch),
    {ok, Dir} = application:get_env(kilnwatch, out_dir),
    {ok, Secs} = application:get_env(kilnwatch, run_seconds),
    file:write_file(filename:join(Dir, "beam.pid"), os:getpid()),
    {ok, _} = application:ensure_all_started(kilnwatch),
    logger:notice("kilnwatch 1.14.2 up on ~s", [node()]),
    timer:sleep(Secs * 1000),
    kw_sampler:flush(),
    logger:notice("kilnwatch shutting down"),
    application:stop(kilnwatch),
    init:stop().
