%% fd_probe: every 5 s appends to procs.log in out_dir a `%% ferrydesk sample <UTC time> node=<node>` line, then ~p of
%% [{Pid, process_info(Pid, [registered_name, memory, message_queue_len, total_heap_size, reductions,
%% current_function, binary])}] for the 8 largest processes by memory and the 3 holding the most refc-binary bytes,
%% then ~p of erlang:memory().
-module(fd_probe).
-export([start_link/1, init/1]).

start_link(Dir) -> {ok, proc_lib:spawn_link(?MODULE, init, [Dir])}.

init(Dir) ->
    register(?MODULE, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.log"), [append]),
    loop(F).

loop(F) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Keys = [registered_name, memory, message_queue_len, total_heap_size, reductions, current_function, binary],
    Info = [{P, I} || P <- erlang:processes(), P =/= self(), (I = erlang:process_info(P, Keys)) =/= undefined],
    V = fun(K, I) -> element(2, lists:keyfind(K, 1, I)) end,
    Bin = fun(I) -> lists:sum([S || {_, S, _} <- V(binary, I)]) end,
    ByMem = lists:sublist(lists:reverse(lists:sort([{V(memory, I), P, I} || {P, I} <- Info])), 8),
    ByBin = lists:sublist(lists:reverse(lists:sort([{Bin(I), P, I} || {P, I} <- Info])), 3),
    Pick = lists:ukeysort(1, [{P, I} || {_, P, I} <- ByMem ++ ByBin]),
    io:format(F, "%% ferrydesk sample ~s node=~s~n~p.~n~p.~n", [Ts, node(), Pick, erlang:memory()]),
    receive after 5000 -> loop(F) end.
