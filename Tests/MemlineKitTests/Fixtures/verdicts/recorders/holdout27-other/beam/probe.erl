%% The on-call probe: a hidden node (erl -sname ops -hidden) that every 6 s runs erlang:memory(), ets:i() and
%% c:i() on the sandwick node over distribution (rpc prints to the probe's group leader) and prints what the
%% remote shell shows.
-module(probe).
-export([run/2]).

run(Node, Seconds) ->
    true = net_kernel:connect_node(Node),
    loop(Node, erlang:monotonic_time(second) + Seconds, 1).

loop(Node, End, N) ->
    case erlang:monotonic_time(second) >= End of
        true -> halt();
        false ->
            catch probe(Node, N),
            timer:sleep(6000),
            loop(Node, End, N + 3)
    end.

probe(Node, N) ->
    {{Y, Mo, D}, {H, Mi, S}} = calendar:local_time(),
    io:format("%% ~4..0b-~2..0b-~2..0b ~2..0b:~2..0b:~2..0b~n", [Y, Mo, D, H, Mi, S]),
    io:format("(~p)~b> erlang:memory().~n~p~n", [Node, N, rpc:call(Node, erlang, memory, [])]),
    io:format("(~p)~b> ets:i().~n", [Node, N + 1]),
    rpc:call(Node, ets, i, []),
    io:format("(~p)~b> i().~n", [Node, N + 2]),
    rpc:call(Node, c, i, []).
