%% ops_probe: what the on-call runbook's "memory probe" does from a remote shell, as a supervised process:
%% every 2 s it io:format()s to probe.txt a time line (RFC 3339, ms, +00:00), then `~p` of the 12 largest
%% processes by memory as [{Pid, [{registered_name,_},{memory,_},{message_queue_len,_},{current_function,_},
%% {heap_size,_}]}], then `~p` of erlang:memory().
-module(ops_probe).
-export([start_link/1, flush/0, init/2]).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> ops_probe ! {flush, self()}, receive flushed -> ok after 3000 -> ok end.

init(Dir, Parent) ->
    register(ops_probe, self()),
    {ok, F} = file:open(filename:join(Dir, "probe.txt"), [append]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F, erlang:monotonic_time(millisecond)).

loop(F, Next) ->
    sample(F),
    Next1 = Next + 2000,
    receive
        {flush, From} -> sample(F), file:sync(F), From ! flushed, loop(F, Next1)
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> loop(F, Next1)
    end.

sample(F) ->
    T = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "+00:00"}]),
    Infos = [{P, I} || P <- processes(),
                       I <- [erlang:process_info(P, [registered_name, memory, message_queue_len,
                                                     current_function, heap_size])],
                       I =/= undefined],
    Top = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(memory, I), I} || {P, I} <- Infos])), 12),
    io:format(F, "~s~n~p~n~p~n", [T, [{P, I} || {P, _, I} <- Top], erlang:memory()]).
