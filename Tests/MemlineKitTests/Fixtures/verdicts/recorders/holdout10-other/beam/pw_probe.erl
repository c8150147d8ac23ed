%% pw_probe: parkwise's telemetry probe. Every 3 s it appends to procs.jsonl one JSON object per process for the
%% 12 largest processes by memory ({"ts","node","pid","registered_name","memory","message_queue_len",
%% "reductions","current_function","total_heap_size"}), then one erlang:memory() object.
-module(pw_probe).
-export([start_link/1, flush/0, init/2]).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> pw_probe ! {flush, self()}, receive flushed -> ok after 3000 -> ok end.

init(Dir, Parent) ->
    register(pw_probe, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.jsonl"), [append]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F, erlang:monotonic_time(millisecond)).

loop(F, Next) ->
    sample(F),
    Next1 = Next + 3000,
    receive
        {flush, From} -> sample(F), file:sync(F), From ! flushed, loop(F, Next1)
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> loop(F, Next1)
    end.

ts() ->
    Ms = erlang:system_time(millisecond),
    calendar:system_time_to_rfc3339(Ms, [{unit, millisecond}, {offset, "Z"}]).

sample(F) ->
    Ts = ts(), Node = atom_to_list(node()),
    Keys = [registered_name, memory, message_queue_len, reductions, current_function, total_heap_size],
    All = [{P, I} || P <- processes(), I <- [erlang:process_info(P, Keys)], I =/= undefined],
    Top = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(memory, I), I} || {P, I} <- All])), 12),
    Lines = [begin
                 Name = case proplists:get_value(registered_name, I) of [] -> "null"; N -> ["\"", atom_to_list(N), "\""] end,
                 {M, Fn, A} = proplists:get_value(current_function, I),
                 io_lib:format("{\"ts\":\"~s\",\"node\":\"~s\",\"pid\":\"~s\",\"registered_name\":~s,\"memory\":~b,"
                               "\"message_queue_len\":~b,\"reductions\":~b,\"current_function\":\"~s:~s/~b\","
                               "\"total_heap_size\":~b}~n",
                               [Ts, Node, pid_to_list(P), Name, Mem, proplists:get_value(message_queue_len, I),
                                proplists:get_value(reductions, I), M, Fn, A, proplists:get_value(total_heap_size, I)])
             end || {P, Mem, I} <- Top],
    Mem = erlang:memory(),
    MemLine = io_lib:format("{\"ts\":\"~s\",\"node\":\"~s\",\"erlang_memory\":{~s}}~n",
                            [Ts, Node, lists:join(",", [io_lib:format("\"~s\":~b", [K, V]) || {K, V} <- Mem])]),
    file:write(F, [Lines, MemLine]).
