%% charge_session_hub: the charge points' traffic (simulated). Every 100 ms: ~26 session ticks priced by
%% quote_ledger (each live session once a "minute" of its own clock, which here advances every 2 s); one new meter
%% value to ocpp_outbox for each one it acked. At connect it replays the 2600 buffered meter values.
-module(charge_session_hub).
-export([start/0, init/0]).

start() ->
    Pid = spawn(?MODULE, init, []),
    register(charge_session_hub, Pid),
    Pid.

init() ->
    rand:seed(exsss, {7, 17, 27}),
    [ocpp_outbox ! mv(N) || N <- lists:seq(1, 2600)],
    loop(0).

mv(N) -> {meter_value, N rem 180, 1 + N rem 4, erlang:system_time(millisecond),
          [{energy_wh, 1000 + N}, {power_w, 7400}, {soc, N rem 100}, {voltage, 230.1}]}.

loop(Tick) ->
    timer:sleep(100),
    Minute = Tick div 20,
    [begin
         St = rand:uniform(180), Co = rand:uniform(4),
         quote_ledger:quote(St, Co, 100000 + St * 10 + Co + (Tick div 600) * 7, 1.0 + rand:uniform() * 20, {Minute, I})
     end || I <- lists:seq(1, 26)],
    Acked = acks(0),
    [ocpp_outbox ! mv(Tick * 16 + I) || I <- lists:seq(1, Acked)],
    loop(Tick + 1).

acks(N) ->
    receive {acked, D} -> acks(N + D) after 0 -> N end.
