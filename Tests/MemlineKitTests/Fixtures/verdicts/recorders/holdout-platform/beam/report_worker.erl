%% report_worker: every 10 s builds the hourly sales report from a 700k-row list (in 14 chunks over ~3 s),
%% folds it, logs, drops it and garbage-collects (big transient lists).
-module(report_worker).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, report_worker}, ?MODULE, [], []).

init([]) -> erlang:send_after(6000, self(), run), {ok, 1}.

handle_info(run, N) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = chunks(14, []),
    {Count, Sum} = lists:foldl(fun({line, _, Q, P, _}, {C, A}) -> {C + 1, A + Q * P} end, {0, 0}, Rows),
    timer:sleep(600),
    logger:info("report_worker: hourly_sales #~b: ~b order lines, revenue ~b cents, ~b ms",
                [N, Count, Sum, erlang:monotonic_time(millisecond) - T0]),
    erlang:garbage_collect(),
    erlang:send_after(max(0, 10000 - (erlang:monotonic_time(millisecond) - T0)), self(), run),
    {noreply, N + 1}.

chunks(0, Acc) -> Acc;
chunks(K, Acc) ->
    C = [{line, rand:uniform(4000), rand:uniform(5), 100 + rand:uniform(9900), <<"EUR">>} || _ <- lists:seq(1, 50000)],
    timer:sleep(180),
    chunks(K - 1, C ++ Acc).

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
