%% sms_fanout: sends SMS notifications to the gateway, rate limited to ~5,000/s (1 ms pause every 6 messages).
-module(sms_fanout).
-export([start_link/0, init/0]).

start_link() -> {ok, spawn_link(?MODULE, init, [])}.

init() -> register(sms_fanout, self()), loop(0).

loop(N) ->
    receive
        {sms, _S, _P, Body} ->
            _ = erlang:phash2(Body),
            case N rem 6 of 0 -> timer:sleep(1); _ -> ok end,
            loop(N + 1)
    end.
