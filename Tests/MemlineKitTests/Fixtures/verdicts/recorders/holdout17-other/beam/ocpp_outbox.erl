%% ocpp_outbox: forwards meter values to the CPO backend, rate limited to 60 per second by the backend's quota. The
%% backlog of ~2600 meter values buffered by the charge points while the node was down is replayed into its mailbox
%% at connect; afterwards each forwarded value is acked back to the hub (OCPP: a charge point sends its next meter
%% value once the last one is confirmed), so new values arrive exactly as fast as it drains: a long mailbox that does
%% not grow.
-module(ocpp_outbox).
-export([start/0, init/0]).

start() ->
    Pid = spawn(?MODULE, init, []),
    register(ocpp_outbox, Pid),
    Pid.

init() -> loop(0).

loop(Tick) ->
    timer:sleep(250),
    D = drain(15, 0),
    case whereis(charge_session_hub) of undefined -> ok; Hub -> Hub ! {acked, D} end,
    case Tick rem 80 of
        79 -> {message_queue_len, Q} = process_info(self(), message_queue_len),
              logger:warning("ocpp_outbox: ~b meter values waiting for the CPO backend (quota 60/s)", [Q]);
        _ -> ok
    end,
    loop(Tick + 1).

drain(0, D) -> D;
drain(K, D) ->
    receive
        {meter_value, _St, _Co, _Ts, _Sample} -> drain(K - 1, D + 1)
    after 0 -> D
    end.
