%% probe: run from a shell loop as `erl -sname probeN -eval 'probe:main(Node)'`, connects over distribution and
%% prints erlang:memory(), the ETS tables by memory and recon:proc_count(memory, 8) as the remote shell would.
-module(probe).
-export([main/1]).
main(Node) ->
    case net_adm:ping(Node) of
        pong ->
            io:format("(~p)1> erlang:memory().~n~p~n", [Node, rpc:call(Node, erlang, memory, [])]),
            Tabs = rpc:call(Node, erlang, apply, [fun() ->
                lists:sublist(lists:reverse(lists:keysort(3, [{T, ets:info(T, size), ets:info(T, memory)}
                                                             || T <- ets:all(), is_atom(T)])), 5) end, []]),
            io:format("(~p)2> [{T, ets:info(T, size), ets:info(T, memory)} || T <- ets:all(), is_atom(T)].~n~p~n", [Node, Tabs]),
            Top = rpc:call(Node, erlang, apply, [fun() ->
                L = [{P, M, [N, {current_function, CF}, {initial_call, IC}]}
                     || P <- erlang:processes(),
                        [{memory, M}, {registered_name, N0}, {current_function, CF}, {initial_call, IC}] <-
                            [erlang:process_info(P, [memory, registered_name, current_function, initial_call])],
                        N <- [case N0 of [] -> undefined; _ -> N0 end]],
                lists:sublist(lists:reverse(lists:keysort(2, L)), 8) end, []]),
            io:format("(~p)3> recon:proc_count(memory, 8).~n~p~n", [Node, Top]);
        pang -> io:format("*** ~p not reachable~n", [Node])
    end,
    halt().
