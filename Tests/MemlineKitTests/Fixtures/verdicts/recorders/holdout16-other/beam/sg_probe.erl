%% sg_probe: every 3 s appends to OUT_DIR/procs.log a `%% <UTC time> <node>` line, then the ~p of
%% [{Pid, process_info(Pid, Items)}] for the 10 largest processes by memory plus the 3 referencing the most binary
%% bytes, then the ~p of erlang:memory().
-module(sg_probe).
-export([start/1, init/1, flush/0]).

-define(ITEMS, [registered_name, memory, total_heap_size, message_queue_len, reductions, current_function, binary]).

start(OutDir) ->
    Pid = spawn(?MODULE, init, [OutDir]),
    register(sg_probe, Pid),
    Pid.

flush() ->
    sg_probe ! {flush, self()},
    receive flushed -> ok after 5000 -> ok end.

init(OutDir) ->
    {ok, F} = file:open(filename:join(OutDir, "procs.log"), [append]),
    sample(F),
    loop(F).

loop(F) ->
    receive
        {flush, From} -> sample(F), file:close(F), From ! flushed
    after 3000 -> sample(F), loop(F)
    end.

bin_bytes(Info) ->
    lists:sum([S || {_, S, _} <- proplists:get_value(binary, Info, [])]).

sample(F) ->
    All = [{P, I} || P <- processes(), I <- [process_info(P, ?ITEMS)], I =/= undefined],
    ByMem = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(memory, I), I} || {P, I} <- All])), 10),
    ByBin = lists:sublist(lists:reverse(lists:keysort(2, [{P, bin_bytes(I), I} || {P, I} <- All])), 3),
    Pick = lists:ukeysort(1, [{P, I} || {P, _, I} <- ByMem ++ ByBin]),
    Sorted = lists:reverse(lists:sort(fun({_, A}, {_, B}) -> proplists:get_value(memory, A) =< proplists:get_value(memory, B) end, Pick)),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "%% ~s ~s~n~p.~n~p.~n", [Now, node(), Sorted, erlang:memory()]).
