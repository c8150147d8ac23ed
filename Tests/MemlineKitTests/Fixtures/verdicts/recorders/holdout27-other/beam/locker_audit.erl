%% The locker audit job: every 20 s it pulls the door-state report of 200 lockers (a few hundred KB, dropped).
-module(locker_audit).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> erlang:send_after(5000, self(), audit), {ok, 0}.

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.

handle_info(audit, N) ->
    T0 = erlang:monotonic_time(millisecond),
    Report = [{L, [{D, lists:duplicate(40, $x)} || D <- lists:seq(1, 24)]} || L <- lists:seq(1, 200)],
    Open = length([x || {_, Ds} <- Report, {D, _} <- Ds, D rem 7 =:= 0]),
    logger:info("locker_audit run ~b: 200 lockers, ~b doors flagged, ~b ms",
                [N + 1, Open, erlang:monotonic_time(millisecond) - T0]),
    erlang:send_after(20000, self(), audit),
    {noreply, N + 1}.
