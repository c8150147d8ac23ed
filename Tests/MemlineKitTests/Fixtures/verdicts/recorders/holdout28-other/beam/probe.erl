%% probe: run from a hidden node (erl -sname ops -hidden); every 6 s prints erlang:memory(), the named ETS
%% tables' size and memory (words) and a recon:proc_count(memory, 6)-style list from the target node.
-module(probe).
-export([run/2]).
run(Node, Seconds) ->
    pong = net_adm:ping(Node),
    loop(Node, erlang:monotonic_time(second) + Seconds), halt().
loop(Node, End) ->
    case erlang:monotonic_time(second) > End of
        true -> ok;
        false ->
            {{Y, Mo, D}, {H, Mi, S}} = calendar:local_time(),
            io:format("~n%% ~4..0b-~2..0b-~2..0b ~2..0b:~2..0b:~2..0b ~p~n", [Y, Mo, D, H, Mi, S, Node]),
            io:format("erlang:memory().~n~p~n", [rpc:call(Node, erlang, memory, [])]),
            Tabs = [{T, rpc:call(Node, ets, info, [T, size]), rpc:call(Node, ets, info, [T, memory])}
                    || T <- rpc:call(Node, ets, all, []), is_atom(T)],
            io:format("[{T, ets:info(T, size), ets:info(T, memory)} || T <- ets:all(), is_atom(T)].~n~p~n", [Tabs]),
            io:format("recon:proc_count(memory, 6).~n~p~n", [rpc:call(Node, erlang, apply, [fun top/0, []])]),
            timer:sleep(6000), loop(Node, End)
    end.
top() ->
    L = [{P, M, [N, {current_function, CF}, {initial_call, IC}]}
         || P <- erlang:processes(),
            [{memory, M}, {registered_name, N0}, {current_function, CF}, {initial_call, IC}] <-
                [erlang:process_info(P, [memory, registered_name, current_function, initial_call])],
            N <- [case N0 of [] -> undefined; _ -> N0 end]],
    lists:sublist(lists:reverse(lists:keysort(2, L)), 6).
