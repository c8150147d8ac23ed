%% wl_probe: every 3 s appends to procs.log in out_dir a `%% wharfline probe <time> node=<node>` line, then ~p of
%% [{Pid, process_info(Pid, [registered_name, memory, message_queue_len, heap_size, reductions, current_function])}]
%% for the 6 largest processes by memory and the 3 longest mailboxes, then ~p of erlang:memory().
-module(wl_probe).
-export([start_link/1, init/1]).

start_link(Dir) -> {ok, proc_lib:spawn_link(?MODULE, init, [Dir])}.

init(Dir) ->
    register(?MODULE, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.log"), [append]),
    loop(F).

loop(F) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Keys = [registered_name, memory, message_queue_len, heap_size, reductions, current_function],
    Info = [{P, I} || P <- erlang:processes(), (I = erlang:process_info(P, Keys)) =/= undefined],
    V = fun(K, I) -> element(2, lists:keyfind(K, 1, I)) end,
    ByMem = lists:sublist(lists:reverse(lists:sort([{V(memory, I), P, I} || {P, I} <- Info])), 6),
    ByQ = lists:sublist(lists:reverse(lists:sort([{V(message_queue_len, I), P, I} || {P, I} <- Info])), 3),
    Pick = lists:ukeysort(1, [{P, I} || {_, P, I} <- ByMem ++ ByQ]),
    io:format(F, "%% wharfline probe ~s node=~s~n~p.~n~p.~n", [Ts, node(), Pick, erlang:memory()]),
    receive after 3000 -> loop(F) end.
