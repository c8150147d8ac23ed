%% departure_clock: every 26 s a sailing closes; it sends one SMS notification per booked passenger to
%% sms_fanout at once (36,000 messages).
-module(departure_clock).
-export([start_link/0, init/0]).

start_link() -> {ok, spawn_link(?MODULE, init, [])}.

init() -> register(departure_clock, self()), timer:sleep(14000), loop(1).

loop(S) ->
    logger:info("sailing ~b closed: notifying 36000 passengers", [S]),
    [sms_fanout ! {sms, S, P, <<"Your ferry departs in 30 minutes from berth 7">>} || P <- lists:seq(1, 36000)],
    timer:sleep(26000),
    loop(S + 1).
