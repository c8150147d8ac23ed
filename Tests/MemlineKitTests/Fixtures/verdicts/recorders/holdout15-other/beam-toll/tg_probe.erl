%% tg_probe: every 3 s appends to procs.jsonl in out_dir one JSON object per process for the 10 largest by memory and
%% the 3 longest mailboxes (ts, node, pid, registered_name, memory, queue_len, reductions, current_function as
%% [M, F, A]), then one {"ts", "node", "erlang_memory": {...}} object.
-module(tg_probe).
-export([start_link/1, init/1]).

start_link(Dir) -> {ok, proc_lib:spawn_link(?MODULE, init, [Dir])}.

init(Dir) ->
    register(?MODULE, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.jsonl"), [append]),
    loop(F).

loop(F) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "+00:00"}]),
    Keys = [registered_name, memory, message_queue_len, reductions, current_function],
    Info = [{P, I} || P <- erlang:processes(), P =/= self(), (I = erlang:process_info(P, Keys)) =/= undefined],
    V = fun(K, I) -> element(2, lists:keyfind(K, 1, I)) end,
    ByMem = lists:sublist(lists:reverse(lists:sort([{V(memory, I), P, I} || {P, I} <- Info])), 10),
    ByQ = lists:sublist(lists:reverse(lists:sort([{V(message_queue_len, I), P, I} || {P, I} <- Info])), 3),
    Pick = lists:ukeysort(1, [{P, I} || {_, P, I} <- ByMem ++ ByQ]),
    Node = atom_to_list(node()),
    [begin
         Name = case V(registered_name, I) of [] -> "null"; A -> "\"" ++ atom_to_list(A) ++ "\"" end,
         {M, Fn, Ar} = V(current_function, I),
         io:format(F, "{\"ts\":\"~s\",\"node\":\"~s\",\"pid\":\"~s\",\"registered_name\":~s,\"memory\":~b,"
                      "\"queue_len\":~b,\"reductions\":~b,\"current_function\":[\"~s\",\"~s\",~b]}~n",
                   [Ts, Node, pid_to_list(P), Name, V(memory, I), V(message_queue_len, I), V(reductions, I), M, Fn, Ar])
     end || {P, I} <- Pick],
    Mem = string:join([io_lib:format("\"~s\":~b", [K, X]) || {K, X} <- erlang:memory()], ","),
    io:format(F, "{\"ts\":\"~s\",\"node\":\"~s\",\"erlang_memory\":{~s}}~n", [Ts, Node, Mem]),
    receive after 3000 -> loop(F) end.
