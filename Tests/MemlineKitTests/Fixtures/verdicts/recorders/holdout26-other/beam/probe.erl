%% The on-call probe: a hidden node (erl -sname ops_probe -hidden) that every 5 s asks the pellhaven node over
%% distribution for erlang:memory(), the top processes by memory and by mailbox (recon:proc_count/2 style, done
%% with plain rpc since recon is not in the release) and the biggest ETS tables, and prints what the shell would.
-module(probe).
-export([run/2]).

run(Node, Seconds) ->
    true = net_kernel:connect_node(Node),
    loop(Node, erlang:monotonic_time(second) + Seconds).

loop(Node, End) ->
    case erlang:monotonic_time(second) >= End of
        true -> halt();
        false ->
            catch probe(Node),
            timer:sleep(5000),
            loop(Node, End)
    end.

stamp() -> calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}]).

top(Node, Attr, N) ->
    Ps = rpc:call(Node, erlang, processes, []),
    Info = [{P, rpc:call(Node, erlang, process_info, [P, [Attr, registered_name, current_function, initial_call]])}
            || P <- Ps],
    L = [{P, V, [name(R), {current_function, CF}, {initial_call, IC}]}
         || {P, [{_, V}, {registered_name, R}, {current_function, CF}, {initial_call, IC}]} <- Info],
    lists:sublist(lists:reverse(lists:keysort(2, L)), N).

name([]) -> undefined;
name(R) -> R.

probe(Node) ->
    io:format("=== ~s ~p~n", [stamp(), Node]),
    io:format("(~p)1> erlang:memory().~n~p~n", [Node, rpc:call(Node, erlang, memory, [])]),
    io:format("(~p)2> recon:proc_count(memory, 6).~n~p~n", [Node, top(Node, memory, 6)]),
    io:format("(~p)3> recon:proc_count(message_queue_len, 3).~n~p~n", [Node, top(Node, message_queue_len, 3)]),
    Tabs = [{T, rpc:call(Node, ets, info, [T, size]), rpc:call(Node, ets, info, [T, memory]) * 8}
            || T <- rpc:call(Node, ets, all, [])],
    Big = lists:sublist(lists:reverse(lists:keysort(3, [X || X = {_, S, _} <- Tabs, is_integer(S)])), 3),
    io:format("(~p)4> [{T, ets:info(T, size), ets:info(T, memory) * 8} || T <- top_tables].~n~p~n", [Node, Big]).
