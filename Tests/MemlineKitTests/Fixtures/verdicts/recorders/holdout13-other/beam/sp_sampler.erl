%% sp_sampler: every 2 s writes one JSON line per process for the 10 largest processes by memory and the 3 with the
%% longest mailboxes (ts, node, pid, registered_name, memory, mailbox, reductions, current_function as "m:f/a",
%% heap words) and one erlang:memory() line, to procs.jsonl in out_dir.
-module(sp_sampler).
-export([start_link/1, init/1]).

start_link(Dir) -> {ok, proc_lib:spawn_link(?MODULE, init, [Dir])}.

init(Dir) ->
    register(?MODULE, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.jsonl"), [append, raw, binary]),
    loop(F).

loop(F) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Node = atom_to_list(node()),
    Info = [{P, I} || P <- erlang:processes(),
                      (I = erlang:process_info(P, [registered_name, memory, message_queue_len, reductions,
                                                   current_function, total_heap_size])) =/= undefined],
    ByMem = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(memory, I), I} || {P, I} <- Info])), 10),
    ByQ = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(message_queue_len, I), I} || {P, I} <- Info])), 3),
    Pick = lists:ukeysort(1, [{P, I} || {P, _, I} <- ByMem ++ ByQ]),
    Lines = [line(Ts, Node, P, I) || {P, I} <- Pick],
    M = erlang:memory(),
    Mem = io_lib:format("{\"ts\":\"~s\",\"node\":\"~s\",\"kind\":\"erlang_memory\",\"total\":~b,\"processes\":~b,\"processes_used\":~b,\"system\":~b,\"atom\":~b,\"binary\":~b,\"code\":~b,\"ets\":~b}~n",
                        [Ts, Node | [proplists:get_value(K, M) || K <- [total, processes, processes_used, system, atom, binary, code, ets]]]),
    ok = file:write(F, [Lines, Mem]),
    receive stop -> ok after 2000 -> loop(F) end.

line(Ts, Node, P, I) ->
    Name = case proplists:get_value(registered_name, I) of [] -> ""; N -> atom_to_list(N) end,
    {Mo, Fu, Ar} = proplists:get_value(current_function, I),
    io_lib:format("{\"ts\":\"~s\",\"node\":\"~s\",\"pid\":\"~s\",\"registered_name\":\"~s\",\"memory\":~b,\"mailbox\":~b,\"reductions\":~b,\"current_function\":\"~s:~s/~b\",\"heap_words\":~b}~n",
                  [Ts, Node, pid_to_list(P), Name, proplists:get_value(memory, I), proplists:get_value(message_queue_len, I),
                   proplists:get_value(reductions, I), Mo, Fu, Ar, proplists:get_value(total_heap_size, I)]).
