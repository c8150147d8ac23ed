%% queue_tally: the agents' dashboard rollup, every 3 s: loads every open ticket into a list, builds per-channel
%% and per-hour tallies with a pass that copies the rows three times, and publishes the numbers. Large heap,
%% all garbage once the run ends.
-module(queue_tally).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> erlang:send_after(3000, self(), run), {ok, 0}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(run, N) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = ets:tab2list(open_tickets),
    Wide = [{Id, At, Ch, Subj, binary_to_list(Subj), lists:duplicate(6, Ch)} || {Id, At, Ch, Subj} <- Rows ++ Rows ++ Rows],
    Tally = lists:foldl(fun({_, _, Ch, _, _, _}, Acc) -> maps:update_with(Ch, fun(C) -> C + 1 end, 1, Acc) end, #{}, Wide),
    Ms = erlang:monotonic_time(millisecond) - T0,
    case N rem 5 of 0 -> logger:info("queue_tally run ~b: ~b rows, ~p in ~b ms", [N, length(Wide), Tally, Ms]); _ -> ok end,
    erlang:send_after(3000, self(), run),
    {noreply, N + 1}.
