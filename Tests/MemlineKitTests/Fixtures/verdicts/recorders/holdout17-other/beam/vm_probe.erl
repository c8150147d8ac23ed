%% vm_probe: every 4 s appends to OUT_DIR/procs.log a `%% <UTC time> <node>` line, the ~p of
%% [{Pid, process_info(Pid, Items)}] for the 8 largest processes by memory, the 3 longest mailboxes and the owners of
%% the 3 largest ETS tables, then the ~p of erlang:memory(); and to OUT_DIR/ets.log the same header and the ~p of
%% ets:info/1 of the 5 largest tables.
-module(vm_probe).
-export([start/1, init/1, flush/0]).

-define(ITEMS, [registered_name, memory, heap_size, message_queue_len, reductions, current_function]).

start(OutDir) ->
    Pid = spawn(?MODULE, init, [OutDir]),
    register(vm_probe, Pid),
    Pid.

flush() ->
    vm_probe ! {flush, self()},
    receive flushed -> ok after 5000 -> ok end.

init(OutDir) ->
    {ok, F} = file:open(filename:join(OutDir, "procs.log"), [append]),
    {ok, E} = file:open(filename:join(OutDir, "ets.log"), [append]),
    sample(F, E),
    loop(F, E).

loop(F, E) ->
    receive
        {flush, From} -> sample(F, E), file:close(F), file:close(E), From ! flushed
    after 4000 -> sample(F, E), loop(F, E)
    end.

sample(F, E) ->
    All = [{P, I} || P <- processes(), I <- [process_info(P, ?ITEMS)], I =/= undefined],
    V = fun(K, I) -> proplists:get_value(K, I) end,
    ByMem = lists:sublist(lists:reverse(lists:sort([{V(memory, I), P, I} || {P, I} <- All])), 8),
    ByQ = lists:sublist(lists:reverse(lists:sort([{V(message_queue_len, I), P, I} || {P, I} <- All])), 3),
    Tabs = [I || T <- ets:all(), (I = ets:info(T)) =/= undefined],
    Big = lists:sublist(lists:reverse(lists:sort([{proplists:get_value(memory, I), I} || I <- Tabs])), 5),
    Owners = [{0, O, OI} || {_, I} <- lists:sublist(Big, 3), O <- [proplists:get_value(owner, I)],
                            (OI = process_info(O, ?ITEMS)) =/= undefined],
    Pick = lists:ukeysort(1, [{P, I} || {_, P, I} <- ByMem ++ ByQ ++ Owners]),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "%% ~s ~s~n~p.~n~p.~n", [Now, node(), Pick, erlang:memory()]),
    io:format(E, "%% ~s ~s~n~p.~n", [Now, node(), [I || {_, I} <- Big]]).
