%% gorsemere: parcel-locker telemetry, one OTP 25 node, for the h25 beam incident.
%% gorsemere:start(OutDir, Seconds) starts gorsemere_sup (one_for_one) with
%%   tariff_vault     loads the locker tariff book once: a ~24 MB binary in its state and an ETS table
%%                    (tariff_rows, ~120k rows); both stay constant
%%   door_audit_sink  a gen_server that writes every door event to the audit file and waits for a (simulated)
%%                    synchronous ack per event: it handles fewer events per second than arrive
%%   sms_relay        sends pickup codes; crashes once (badmatch on a gateway reply) and is restarted
%%   locker_events    casts door events to door_audit_sink (RATE per second, in 10 ms batches)
%% and a probe (gorsemere_probe) that prints erlang:memory(), the top processes by memory and by
%% message_queue_len every PROBE ms to OutDir/gorsemere-probe.log, each block after a `%% <local time>` line.
-module(gorsemere).
-behaviour(supervisor).
-export([start/2, init/1, events_start/0, events/1, probe/1]).

-define(RATE, 700).
-define(PROBE, 5000).

start(OutDir, Seconds) ->
    logger:notice("gorsemere 1.9.2 starting on ~s (door events ~b/s)", [node(), ?RATE]),
    application:set_env(gorsemere, audit_file, filename:join(OutDir, "door-audit.jsonl")),
    application:set_env(gorsemere, sms_crash_at, 38000),
    {ok, Sup} = supervisor:start_link({local, gorsemere_sup}, ?MODULE, []),
    unlink(Sup),
    {ok, F} = file:open(filename:join(OutDir, "gorsemere-probe.log"), [write]),
    spawn(fun() -> register(gorsemere_probe, self()), probe(F) end),
    timer:sleep(Seconds * 1000),
    logger:notice("gorsemere stopping (init:stop)"),
    timer:sleep(300),
    init:stop().

init([]) ->
    Flags = #{strategy => one_for_one, intensity => 5, period => 60},
    Kids = [#{id => tariff_vault, start => {tariff_vault, start_link, []}},
            #{id => door_audit_sink, start => {door_audit_sink, start_link, []}},
            #{id => sms_relay, start => {sms_relay, start_link, []}},
            #{id => locker_events, start => {?MODULE, events_start, []}}],
    {ok, {Flags, Kids}}.

events_start() ->
    Pid = proc_lib:spawn_link(?MODULE, events, [1]),
    register(locker_events, Pid),
    {ok, Pid}.

events(N) ->
    Batch = ?RATE div 100,
    [gen_server:cast(door_audit_sink,
                     {door_event, N + I, <<"LK-", (integer_to_binary(1000 + (N + I) rem 740))/binary>>,
                      lists:nth(1 + (N + I) rem 4, [opened, closed, jammed, tamper_check]),
                      erlang:system_time(millisecond),
                      [rand:uniform(255) || _ <- lists:seq(1, 90)]})
     || I <- lists:seq(0, Batch - 1)],
    timer:sleep(10),
    events(N + Batch).

stamp() ->
    calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}]).

top(Key, N) ->
    L = [{P, V, info(P)} || P <- processes(), {_, V} <- [erlang:process_info(P, Key)]],
    lists:sublist(lists:reverse(lists:keysort(2, L)), N).

info(P) ->
    Name = case erlang:process_info(P, registered_name) of {registered_name, R} -> [R]; _ -> [] end,
    Name ++ [erlang:process_info(P, current_function), erlang:process_info(P, initial_call)].

probe(F) ->
    io:format(F, "%% ~s ~s~n", [stamp(), node()]),
    io:format(F, "erlang:memory().~n~p.~n", [erlang:memory()]),
    io:format(F, "recon:proc_count(memory, 6).~n~p.~n", [top(memory, 6)]),
    io:format(F, "recon:proc_count(message_queue_len, 4).~n~p.~n", [top(message_queue_len, 4)]),
    io:format(F, "ets:info(tariff_rows, memory).~n~p.~n", [ets:info(tariff_rows, memory)]),
    timer:sleep(?PROBE),
    probe(F).
