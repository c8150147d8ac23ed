%% cv_probe: every 4 s appends to OUT_DIR/procs.txt a `%% <UTC time> <node>` line and the ~p of
%% [{Pid, process_info(Pid, Items)}] for the 7 processes with the most memory + referenced refc binary bytes
%% (Items include `binary`), ended by a dot.
-module(cv_probe).
-export([start/1, init/1, flush/0]).
-define(ITEMS, [registered_name, memory, message_queue_len, total_heap_size, reductions, current_function, binary]).
start(OutDir) -> register(cv_probe, spawn(?MODULE, init, [OutDir])).
flush() -> cv_probe ! {flush, self()}, receive flushed -> ok after 5000 -> ok end.
init(OutDir) ->
    {ok, F} = file:open(filename:join(OutDir, "procs.txt"), [append]),
    sample(F), loop(F).
loop(F) ->
    receive {flush, From} -> sample(F), file:close(F), From ! flushed
    after 4000 -> sample(F), loop(F)
    end.
sample(F) ->
    All = [{P, I} || P <- processes(), P =/= self(), (I = process_info(P, ?ITEMS)) =/= undefined],
    Weight = fun(I) -> proplists:get_value(memory, I) + lists:sum([S || {_, S, _} <- proplists:get_value(binary, I)]) end,
    Top = lists:sublist(lists:reverse(lists:sort([{Weight(I), P, I} || {P, I} <- All])), 7),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "%% ~s ~s~n~p.~n", [Now, node(), [{P, I} || {_, P, I} <- Top]]).
