%% mf_probe: every 4 s appends to OUT_DIR/beam-procs.txt a `%% marlowfen sample <UTC time>` line, the ~p of
%% [{Pid, process_info(Pid, Items)}] for the 6 largest processes by memory and the 2 longest mailboxes (Items include
%% `binary`, the refc binaries each references), then the ~p of erlang:memory().
-module(mf_probe).
-export([start/1, init/1, flush/0]).
-define(ITEMS, [registered_name, memory, message_queue_len, heap_size, reductions, current_function, binary]).
start(OutDir) -> register(mf_probe, spawn(?MODULE, init, [OutDir])).
flush() -> mf_probe ! {flush, self()}, receive flushed -> ok after 5000 -> ok end.
init(OutDir) ->
    {ok, F} = file:open(filename:join(OutDir, "beam-procs.txt"), [append]),
    sample(F),
    loop(F).
loop(F) ->
    receive {flush, From} -> sample(F), file:close(F), From ! flushed
    after 4000 -> sample(F), loop(F)
    end.
sample(F) ->
    All = [{P, I} || P <- processes(), P =/= self(), (I = process_info(P, ?ITEMS)) =/= undefined],
    V = fun(K, I) -> proplists:get_value(K, I) end,
    ByMem = lists:sublist(lists:reverse(lists:sort([{V(memory, I), P, I} || {P, I} <- All])), 6),
    ByQ = lists:sublist(lists:reverse(lists:sort([{V(message_queue_len, I), P, I} || {P, I} <- All])), 2),
    Pick = lists:ukeysort(1, [{P, I} || {_, P, I} <- ByMem ++ ByQ]),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "%% marlowfen sample ~s~n~p.~n~p.~n", [Now, Pick, erlang:memory()]).
