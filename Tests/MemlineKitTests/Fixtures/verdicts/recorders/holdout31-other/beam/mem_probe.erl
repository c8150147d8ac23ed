%% mem_probe: every 10 s appends what an operator would type in the remote shell to log/probes.log:
%% erlang:memory(), ets:i() and recon:proc_count(memory, 8) (as recon prints them).
-module(mem_probe).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    {ok, Fd} = file:open("log/probes.log", [append]),
    erlang:send_after(3000, self(), probe), {ok, Fd}.
handle_info(probe, Fd) ->
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}]),
    io:format(Fd, "---- ~s ~p ----~n", [Now, node()]),
    io:format(Fd, "(~p)1> erlang:memory().~n~p~n", [node(), erlang:memory()]),
    io:format(Fd, "(~p)2> ets:i().~n", [node()]),
    io:format(Fd, " ~-15s ~-20s ~-6s ~-8s ~-9s ~s~n", ["id", "name", "type", "size", "mem", "owner"]),
    io:format(Fd, " ~s~n", [lists:duplicate(76, $-)]),
    [begin Own = ets:info(T, owner),
           ON = case erlang:process_info(Own, registered_name) of {registered_name, R} -> R; _ -> Own end,
           io:format(Fd, " ~-15s ~-20s ~-6s ~-8b ~-9b ~p~n",
                     [io_lib:format("~p", [T]), io_lib:format("~p", [ets:info(T, name)]), atom_to_list(ets:info(T, type)),
                      ets:info(T, size), ets:info(T, memory), ON]) end
     || T <- lists:sort(ets:all()), ets:info(T, size) =/= undefined, is_atom(T)],
    L = [{P, M, case N0 of [] -> []; _ -> [N0] end ++ [{current_function, CF}, {initial_call, IC}]}
         || P <- erlang:processes(),
            [{memory, M}, {registered_name, N0}, {current_function, CF}, {initial_call, IC}] <-
                [erlang:process_info(P, [memory, registered_name, current_function, initial_call])]],
    io:format(Fd, "(~p)3> recon:proc_count(memory, 8).~n~p~n", [node(), lists:sublist(lists:reverse(lists:keysort(2, L)), 8)]),
    erlang:send_after(10000, self(), probe), {noreply, Fd}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
