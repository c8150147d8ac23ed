%% mq_probe: every 3 s appends to OutDir/procs.log a `%% <UTC ISO time> <node>` line, then the ~p of
%% [{Pid, process_info(Pid, [registered_name, memory, total_heap_size, heap_size, message_queue_len, reductions,
%% current_function])} ++ initial_call] for the 8 berth pool members and the 8 largest processes by memory (the
%% initial_call is proc_lib:translate_initial_call/1, as observer shows it), then the ~p of erlang:memory().
-module(mq_probe).
-export([start_link/1, init/1]).

start_link(Out) -> {ok, proc_lib:spawn_link(?MODULE, init, [Out])}.

init(Out) ->
    register(mq_probe, self()),
    loop(filename:join(Out, "procs.log")).

info(P) ->
    case process_info(P, [registered_name, memory, total_heap_size, heap_size, message_queue_len, reductions,
                          current_function]) of
        undefined -> undefined;
        L -> {P, L ++ [{initial_call, proc_lib:translate_initial_call(P)}]}
    end.

loop(File) ->
    Pool = [P || {_, P, _, _} <- supervisor:which_children(berth_pool_sup), is_pid(P)],
    Top = lists:sublist(lists:reverse(lists:keysort(2,
            [{P, M} || P <- processes(), {memory, M} <- [process_info(P, memory)]])), 8),
    Pids = lists:usort(Pool ++ [P || {P, _} <- Top]),
    Infos = [I || I <- [info(P) || P <- Pids], I =/= undefined],
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    ok = file:write_file(File, io_lib:format("%% ~s ~p~n~p.~n~p.~n", [Now, node(), Infos, erlang:memory()]), [append]),
    timer:sleep(3000),
    loop(File).
