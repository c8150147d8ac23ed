%% gate_feed: ticket gates opening sessions: ~14 logins and ~13 logouts every 100 ms (a gate keeps at most a few
%% sessions open), plus a fare lookup now and then.
-module(gate_feed).
-export([start/0, loop/1]).

start() -> register(gate_feed, spawn(?MODULE, loop, [1])).

loop(N) ->
    Agent = fun(I) -> <<"gate-agent/4.", (integer_to_binary(I rem 9))/binary, " fw=", (binary:copy(<<"x">>, 60 + I rem 90))/binary>> end,
    [session_keeper:login(N + I, {gate, (N + I) rem 64}, Agent(N + I)) || I <- lists:seq(0, 13)],
    [session_keeper:logout(N + I) || I <- lists:seq(0, 12)],
    _ = gen_server:call(fare_index, {fare, {1 + N rem 240, 1 + N rem 220}}),
    timer:sleep(100),
    loop(N + 14).
