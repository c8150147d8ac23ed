%% wychcombe: a cross-dock pallet tracker, one OTP 25 node, for the h24 beam incident.
%% wychcombe:start(OutDir, Seconds) starts wychcombe_sup (one_for_one) with
%%   pallet_tally  a registered gen_server that keeps every scan in its state (the leak); its heap is capped by
%%                 max_heap_size, so the VM kills it when the cap is reached and the supervisor starts it again
%%   lane_scorer   a registered gen_server that re-scores dock lanes every 300 ms from a fresh ~60k-element list
%%                 (lots of garbage, big transient heap, no growth)
%%   dock_feed     casts scans to pallet_tally (SCANS per second, in 20 ms batches)
%% and a probe that writes erlang:memory() and the top processes (recon:proc_count/2 layout) every PROBE ms to
%% OutDir/memory-probe.txt, each block after a `%% <local time> <node>` comment.
-module(wychcombe).
-behaviour(supervisor).
-export([start/2, init/1, feed_start/0, feed/1, probe/2]).

-define(SCANS, 1800).
-define(PROBE, 4000).

start(OutDir, Seconds) ->
    logger:notice("wychcombe 3.4.1 starting on ~s (dock feed ~b scans/s)", [node(), ?SCANS]),
    {ok, Sup} = supervisor:start_link({local, wychcombe_sup}, ?MODULE, []),
    unlink(Sup),
    {ok, F} = file:open(filename:join(OutDir, "memory-probe.txt"), [write]),
    spawn(fun() -> register(wychcombe_probe, self()), probe(F, 0) end),
    timer:sleep(Seconds * 1000),
    logger:notice("wychcombe stopping (init:stop)"),
    timer:sleep(200),
    init:stop().

init([]) ->
    Flags = #{strategy => one_for_one, intensity => 5, period => 60},
    Kids = [#{id => pallet_tally, start => {pallet_tally, start_link, []}},
            #{id => lane_scorer, start => {lane_scorer, start_link, []}},
            #{id => dock_feed, start => {?MODULE, feed_start, []}}],
    {ok, {Flags, Kids}}.

feed_start() ->
    Pid = proc_lib:spawn_link(?MODULE, feed, [1]),
    register(dock_feed, Pid),
    {ok, Pid}.

feed(N) ->
    Batch = ?SCANS div 50,
    [gen_server:cast(pallet_tally, {scan, N + I, lists:nth(1 + (N + I) rem 6, [d1, d2, d3, d4, d5, d6]),
                                    erlang:system_time(millisecond), 180.0 + (N + I) rem 900 / 10,
                                    [rand:uniform(4000) || _ <- lists:seq(1, 14)]})
     || I <- lists:seq(0, Batch - 1)],
    timer:sleep(20),
    feed(N + Batch).

stamp() ->
    calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}]).

top(N) ->
    L = [{P, M, info(P)} || P <- processes(), {memory, M} <- [erlang:process_info(P, memory)]],
    lists:sublist(lists:reverse(lists:keysort(2, L)), N).

info(P) ->
    Name = case erlang:process_info(P, registered_name) of {registered_name, R} -> [R]; _ -> [] end,
    Name ++ [erlang:process_info(P, current_function), erlang:process_info(P, initial_call)].

probe(F, K) ->
    io:format(F, "%% ~s ~s~n", [stamp(), node()]),
    io:format(F, "erlang:memory().~n~p.~n", [erlang:memory()]),
    io:format(F, "recon:proc_count(memory, 8).~n~p.~n", [top(8)]),
    timer:sleep(?PROBE),
    probe(F, K + 1).
