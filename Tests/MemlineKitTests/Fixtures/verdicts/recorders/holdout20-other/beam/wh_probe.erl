%% wh_probe: every 4 s appends to OUT_DIR/procs.jsonl one JSON object per process for the 8 largest by memory (ts,
%% node, pid, registered_name, memory, mailbox, total_heap_size, reductions, current_function as [M,F,A]) and one
%% object with erlang:memory() totals.
-module(wh_probe).
-export([start/1, init/1, flush/0]).

start(OutDir) -> register(wh_probe, spawn(?MODULE, init, [OutDir])).

flush() ->
    wh_probe ! {flush, self()},
    receive flushed -> ok after 5000 -> ok end.

init(OutDir) ->
    {ok, F} = file:open(filename:join(OutDir, "procs.jsonl"), [append]),
    sample(F),
    loop(F).

loop(F) ->
    receive {flush, From} -> sample(F), file:close(F), From ! flushed
    after 4000 -> sample(F), loop(F)
    end.

str(A) when is_atom(A) -> [$", atom_to_list(A), $"];
str(L) -> [$", L, $"].

mfa({M, F, A}) -> ["[", str(M), ",", str(F), ",", integer_to_list(A), "]"];
mfa(_) -> "null".

sample(F) ->
    Items = [registered_name, memory, message_queue_len, total_heap_size, reductions, current_function],
    All = [{proplists:get_value(memory, I), P, I} || P <- processes(), I <- [process_info(P, Items)], I =/= undefined],
    Top = lists:sublist(lists:reverse(lists:sort(All)), 8),
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Node = atom_to_list(node()),
    [io:format(F, "{\"ts\":\"~s\",\"node\":\"~s\",\"pid\":\"~s\",\"registered_name\":~s,\"memory\":~b,\"mailbox\":~b,"
                  "\"total_heap_size\":~b,\"reductions\":~b,\"current_function\":~s}~n",
               [Ts, Node, pid_to_list(P), case proplists:get_value(registered_name, I) of [] -> "null"; N -> str(N) end,
                Mem, proplists:get_value(message_queue_len, I), proplists:get_value(total_heap_size, I),
                proplists:get_value(reductions, I), mfa(proplists:get_value(current_function, I))])
     || {Mem, P, I} <- Top],
    M = erlang:memory(),
    io:format(F, "{\"ts\":\"~s\",\"node\":\"~s\",\"erlang_memory\":{~s}}~n",
              [Ts, Node, lists:join(",", [io_lib:format("\"~s\":~b", [K, V]) || {K, V} <- M])]).
