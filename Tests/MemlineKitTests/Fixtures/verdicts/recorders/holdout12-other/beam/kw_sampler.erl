%% kw_sampler: kilnwatch's process sampler. Every 3 s it appends to procs.log a line "%% sample <UTC ISO time>",
%% then, printed with ~p, [{Pid, process_info(Pid, [registered_name, memory, message_queue_len, reductions,
%% current_function, total_heap_size, binary])}] for the 8 largest processes by memory plus the 4 holding the most
%% refc binary bytes (the `binary` item: [{Id, Size, RefCount}]), then erlang:memory().
-module(kw_sampler).
-export([start_link/1, flush/0, init/2]).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> kw_sampler ! {flush, self()}, receive flushed -> ok after 3000 -> ok end.

init(Dir, Parent) ->
    register(kw_sampler, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.log"), [append]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F, erlang:monotonic_time(millisecond)).

loop(F, Next) ->
    sample(F),
    Next1 = Next + 3000,
    receive
        {flush, From} -> sample(F), file:sync(F), From ! flushed, loop(F, Next1)
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> loop(F, Next1)
    end.

sample(F) ->
    Ms = erlang:system_time(millisecond),
    Ts = calendar:system_time_to_rfc3339(Ms, [{unit, millisecond}, {offset, "Z"}]),
    Keys = [registered_name, memory, message_queue_len, reductions, current_function, total_heap_size, binary],
    All = [{P, I} || P <- processes(), P =/= self(), I <- [erlang:process_info(P, Keys)], I =/= undefined],
    BinSum = fun(I) -> lists:sum([S || {_, S, _} <- proplists:get_value(binary, I)]) end,
    ByMem = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(memory, I), I} || {P, I} <- All])), 8),
    ByBin = lists:sublist(lists:reverse(lists:keysort(2, [{P, BinSum(I), I} || {P, I} <- All])), 4),
    Top = ByMem ++ [X || {P, _, _} = X <- ByBin, not lists:keymember(P, 1, ByMem)],
    io:format(F, "%% sample ~s~n~p.~n~p.~n", [Ts, [{P, I} || {P, _, I} <- Top], erlang:memory()]).
