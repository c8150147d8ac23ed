%% signalpost_node: runs the signalpost node for memline's h13-beam-signalpost-route-journal-restart incident.
%%   erl -noshell -sname signalpost -pa ebin -config sys -eval 'signalpost_node:run()'
-module(signalpost_node).
-export([run/0]).

run() ->
    ok = application:load(signalpost),
    {ok, Dir} = application:get_env(signalpost, out_dir),
    {ok, Secs} = application:get_env(signalpost, run_seconds),
    file:write_file(filename:join(Dir, "beam.pid"), os:getpid()),
    {ok, _} = application:ensure_all_started(signalpost),
    logger:notice("signalpost 3.4.0 running on ~s", [node()]),
    timer:sleep(Secs * 1000),
    logger:notice("signalpost stopping"),
    application:stop(signalpost),
    init:stop().
