%% ferry_probe: the node's process probe: every 4 s it appends to probe.log a local timestamp line
%% (YYYY-MM-DD HH:MM:SS.mmm, the host runs UTC) and the 14 largest processes by memory, printed with ~p as
%% [{Pid, [{registered_name,_},{memory,_},{message_queue_len,_},{reductions,_},{current_function,_},
%% {total_heap_size,_}]}].
-module(ferry_probe).
-export([start_link/1, flush/0, init/2]).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> ferry_probe ! {flush, self()}, receive flushed -> ok after 3000 -> ok end.

init(Dir, Parent) ->
    register(ferry_probe, self()),
    {ok, F} = file:open(filename:join(Dir, "probe.log"), [append]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F, erlang:monotonic_time(millisecond)).

loop(F, Next) ->
    sample(F),
    Next1 = Next + 4000,
    receive
        {flush, From} -> sample(F), file:sync(F), From ! flushed, loop(F, Next1)
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> loop(F, Next1)
    end.

sample(F) ->
    Ms = erlang:system_time(millisecond),
    {{Y, Mo, D}, {H, Mi, S}} = calendar:system_time_to_universal_time(Ms div 1000, second),
    Keys = [registered_name, memory, message_queue_len, reductions, current_function, total_heap_size],
    All = [{P, I} || P <- processes(), I <- [erlang:process_info(P, Keys)], I =/= undefined],
    Top = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(memory, I), I} || {P, I} <- All])), 14),
    io:format(F, "~4..0b-~2..0b-~2..0b ~2..0b:~2..0b:~2..0b.~3..0b~n~p.~n",
              [Y, Mo, D, H, Mi, S, Ms rem 1000, [{P, I} || {P, _, I} <- Top]]).
