%% alarm_relay: relays AIS/radar alarms to the alarm_journal logger handler. At storm_at s after boot a radar
%% head's clutter filter fails and 6 relay workers each log up to 12,000 clutter alarms in ~10 s, in runs of 400 (each
%% a report with a 60-byte echo and a 48-cell sweep): alarm_journal's handler process queues them and drains them to
%% alarms.log.
-module(alarm_relay).
-export([start_link/0, init/0, worker/2]).
start_link() -> Pid = proc_lib:spawn_link(?MODULE, init, []), register(alarm_relay, Pid), {ok, Pid}.
init() ->
    case application:get_env(corvane, storm_at) of
        {ok, never} -> idle();
        {ok, At} ->
            timer:sleep(At * 1000),
            logger:warning("alarm_relay: radar head ~s clutter filter failed, relaying raw clutter alarms", ["north-2"]),
            Stop = erlang:monotonic_time(millisecond) + 10000,
            [spawn_link(?MODULE, worker, [I, Stop]) || I <- lists:seq(1, 6)],
            idle()
    end.
idle() -> receive _ -> idle() end.
worker(I, Stop) -> worker(I, Stop, 0).
worker(I, Stop, Sent) ->
    case erlang:monotonic_time(millisecond) > Stop orelse Sent >= 12000 of
        true -> ok;
        false ->
            [logger:warning(#{alarm => clutter, head => 'north-2', cell => {I, Sent + N},
                              echo => binary:copy(<<"ECHO">>, 15), sweep => lists:seq(N, N + 47)},
                            #{domain => [corvane, alarm]}) || N <- lists:seq(1, 400)],
            timer:sleep(20),
            worker(I, Stop, Sent + 400)
    end.
