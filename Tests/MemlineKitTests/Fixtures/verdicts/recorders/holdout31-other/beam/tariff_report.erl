%% tariff_report: every 12 s builds the revenue-by-zone report for the council dashboard: every segment's rule
%% joined with a day of simulated tariff slots, rendered to iolists, summed, then dropped.
-module(tariff_report).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> erlang:send_after(6000, self(), run), {ok, 0}.
handle_info(run, N) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = [{Seg, Slot, maps:get(max_stay, R), [integer_to_list(Seg), $,, integer_to_list(Slot), $,, integer_to_list(Slot * 40)]}
            || {Seg, R} <- ets:tab2list(zone_rules), Slot <- lists:seq(1, 14)],
    Total = lists:foldl(fun({_, S, _, _}, A) -> A + S * 40 end, 0, Rows),
    Csv = [[L, $\n] || {_, _, _, L} <- Rows],
    Bytes = iolist_size(Csv),
    timer:sleep(1500),
    logger:info("tariff_report: run ~b, ~b rows, ~b bytes, total ~b cents in ~b ms",
                [N + 1, length(Rows), Bytes, Total, erlang:monotonic_time(millisecond) - T0]),
    erlang:garbage_collect(),
    erlang:send_after(12000, self(), run),
    {noreply, N + 1}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
