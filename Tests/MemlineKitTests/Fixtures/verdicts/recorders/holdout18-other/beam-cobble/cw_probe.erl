%% cw_probe: every 3 s appends to OUT_DIR/vm-samples.jsonl one JSON object per process for the 7 largest by memory
%% and the 3 longest mailboxes (time, node, os_pid, pid, registered_name, memory, heap_size, message_queue_len,
%% reductions, current_function as "M:F/A"), then one object with erlang:memory() under "erlang_memory".
-module(cw_probe).
-export([start/1, init/1]).
start(Dir) -> register(cw_probe, spawn(?MODULE, init, [Dir])).
init(Dir) ->
    {ok, F} = file:open(filename:join(Dir, "vm-samples.jsonl"), [append]),
    loop(F).
loop(F) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Keys = [registered_name, memory, heap_size, message_queue_len, reductions, current_function],
    Info = [{P, I} || P <- erlang:processes(), P =/= self(), (I = erlang:process_info(P, Keys)) =/= undefined],
    V = fun(K, I) -> element(2, lists:keyfind(K, 1, I)) end,
    ByMem = lists:sublist(lists:reverse(lists:sort([{V(memory, I), P, I} || {P, I} <- Info])), 7),
    ByQ = lists:sublist(lists:reverse(lists:sort([{V(message_queue_len, I), P, I} || {P, I} <- Info])), 3),
    Pick = lists:ukeysort(1, [{P, I} || {_, P, I} <- ByMem ++ ByQ]),
    Node = atom_to_list(node()),
    Os = os:getpid(),
    [begin
         Name = case V(registered_name, I) of [] -> "null"; A -> "\"" ++ atom_to_list(A) ++ "\"" end,
         {M, Fn, Ar} = V(current_function, I),
         io:format(F, "{\"time\":\"~s\",\"node\":\"~s\",\"os_pid\":~s,\"pid\":\"~s\",\"registered_name\":~s,"
                      "\"memory\":~b,\"heap_size\":~b,\"message_queue_len\":~b,\"reductions\":~b,"
                      "\"current_function\":\"~s:~s/~b\"}~n",
                   [Ts, Node, Os, pid_to_list(P), Name, V(memory, I), V(heap_size, I), V(message_queue_len, I),
                    V(reductions, I), M, Fn, Ar])
     end || {P, I} <- Pick],
    Mem = string:join([io_lib:format("\"~s\":~b", [K, X]) || {K, X} <- erlang:memory()], ","),
    io:format(F, "{\"time\":\"~s\",\"node\":\"~s\",\"os_pid\":~s,\"erlang_memory\":{~s}}~n", [Ts, Node, Os, Mem]),
    receive after 3000 -> loop(F) end.
