%% mem_probe: the node's own memory probe, every 8 s appends erlang:memory(), the ETS tables by memory and the top
%% processes by memory (recon:proc_count(memory, 8) shape) to log/probe.log.
-module(mem_probe).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> self() ! probe, {ok, #{}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(probe, S) ->
    {ok, F} = file:open("log/probe.log", [append]),
    Stamp = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}]),
    io:format(F, "~n== ~s ~p~n", [Stamp, node()]),
    io:format(F, "erlang:memory().~n~p~n", [erlang:memory()]),
    Tabs = lists:reverse(lists:keysort(3, [{T, ets:info(T, size), ets:info(T, memory)} || T <- ets:all(), is_atom(T)])),
    io:format(F, "[{T, ets:info(T, size), ets:info(T, memory)} || T <- ets:all(), is_atom(T)].~n~p~n",
              [lists:sublist(Tabs, 6)]),
    Top = [{P, M, [N, {current_function, CF}, {initial_call, IC}]}
           || P <- erlang:processes(),
              [{memory, M}, {registered_name, N0}, {current_function, CF}, {initial_call, IC}] <-
                  [erlang:process_info(P, [memory, registered_name, current_function, initial_call])],
              N <- [case N0 of [] -> undefined; _ -> N0 end]],
    io:format(F, "recon:proc_count(memory, 8).~n~p~n", [lists:sublist(lists:reverse(lists:keysort(2, Top)), 8)]),
    file:close(F),
    erlang:send_after(8000, self(), probe),
    {noreply, S}.
