%% slot_planner: every 15 s plans tomorrow's 200,000 locker slots in memory (a ~60 MB process heap while it
%% runs), logs the plan, collects and hibernates.
-module(slot_planner).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> erlang:send_after(7000, self(), plan), {ok, #{runs => 0}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(plan, S = #{runs := R}) ->
    T0 = erlang:monotonic_time(millisecond),
    Slots = [{I, I rem 900, {date, tomorrow}, [I * 3, I * 5, I * 7], <<"window-", (integer_to_binary(I rem 48))/binary>>}
             || I <- lists:seq(1, 200000)],
    Sorted = lists:sort(fun({_, A, _, _, _}, {_, B, _, _, _}) -> A =< B end, Slots),
    timer:sleep(2500),
    logger:info("slot_planner run=~b slots=~b lockers=~b ms=~b",
                [R + 1, length(Sorted), 900, erlang:monotonic_time(millisecond) - T0]),
    erlang:send_after(15000, self(), plan),
    {noreply, S#{runs := R + 1}, hibernate}.
