%% wharfline_node: runs one wharfline node for memline's h14-beam-wharfline-berth-events-node-restart incident.
%%   erl -noshell -sname wharfline -pa ebin -config sys -eval 'wharfline_node:run()'
%% Runs until the VM is stopped (SIGTERM: init:stop/0); the run script around it starts a new node when it exits.
-module(wharfline_node).
-export([run/0]).

run() ->
    ok = application:load(wharfline),
    {ok, _} = application:ensure_all_started(wharfline),
    logger:notice("wharfline 2.6.1 running on ~s (os pid ~s)", [node(), os:getpid()]).
