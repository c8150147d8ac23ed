%% brackwater 5.0.1: a tide-gauge websocket fan-out node for memline's h22 healthy control (OTP 25).
%%   brackwater:start(OutDir, Seconds, ReleaseAt)
%% bw_listener accepts 'connections' in waves: each wave spawns 300-2,500 short-lived conn processes that live
%% 1-6 s, build a small reply and exit, so the process count swings between ~60 and a few thousand; total memory
%% stays flat. rate_limiter (registered) is busy (a counter update every 2 ms) and holds a 40,000-key token map in
%% its state: a large heap that does not grow (trap). At ReleaseAt s a release handler logs that release 5.0.2
%% was installed (a config-only relup: nothing changes) (trap).
%% bw_probe: every 5 s appends to OutDir/procs.txt a `%% <UTC time> <node>` line, the ~p of
%% [{Pid, process_info(Pid, Items)}] for the 6 largest processes, erlang:memory() and the process count.
-module(brackwater).
-export([start/3, listener/0, conn/1, limiter/2, probe/1]).
-define(ITEMS, [registered_name, memory, message_queue_len, total_heap_size, reductions, current_function]).

start(OutDir, Seconds, ReleaseAt) ->
    logger:notice("brackwater 5.0.1 started on ~p", [node()]),
    L = spawn(?MODULE, limiter, [maps:from_list([{K, 50} || K <- lists:seq(1, 40000)]), 0]),
    register(rate_limiter, L),
    register(bw_listener, spawn(?MODULE, listener, [])),
    spawn(?MODULE, probe, [OutDir]),
    timer:sleep(ReleaseAt * 1000),
    logger:notice("release_handler: installed release brackwater 5.0.2 (relup from 5.0.1: sys.config only, fanout_batch 64 -> 96)"),
    timer:sleep((Seconds - ReleaseAt) * 1000),
    whereis(bw_probe) ! {flush, self()}, receive flushed -> ok after 5000 -> ok end,
    logger:notice("brackwater stopping"),
    init:stop().

listener() ->
    N = 300 + rand:uniform(2200),
    [spawn(?MODULE, conn, [1000 + rand:uniform(5000)]) || _ <- lists:seq(1, N)],
    timer:sleep(3000 + rand:uniform(5000)),
    listener().

conn(Life) ->
    Frame = [{gauge, rand:uniform(400)}, {level, rand:uniform()}, {ts, erlang:system_time(millisecond)}],
    rate_limiter ! {take, rand:uniform(40000)},
    timer:sleep(Life),
    _ = term_to_binary(Frame).

limiter(Tokens, N) ->
    receive {take, K} -> limiter(maps:update_with(K, fun(V) -> max(V - 1, 0) end, Tokens), N + 1)
    after 2 -> K = (N rem 40000) + 1, limiter(maps:put(K, 50, Tokens), N + 1)
    end.

probe(OutDir) ->
    register(bw_probe, self()),
    {ok, F} = file:open(filename:join(OutDir, "procs.txt"), [append]),
    sample(F), probe_loop(F).
probe_loop(F) ->
    receive {flush, From} -> sample(F), file:close(F), From ! flushed
    after 5000 -> sample(F), probe_loop(F)
    end.
sample(F) ->
    All = [{P, I} || P <- processes(), P =/= self(), (I = process_info(P, ?ITEMS)) =/= undefined],
    Top = lists:sublist(lists:reverse(lists:sort([{proplists:get_value(memory, I), P, I} || {P, I} <- All])), 6),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "%% ~s ~s~n~p.~n~p.~n{process_count,~b}.~n",
              [Now, node(), [{P, I} || {_, P, I} <- Top], erlang:memory(), erlang:system_info(process_count)]).
