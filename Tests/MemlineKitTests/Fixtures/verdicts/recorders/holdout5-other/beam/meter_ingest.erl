%% meter_ingest: one MQTT-bridge connection stand-in. At boot the broker resumes the connection's persistent
%% session and replays the readings queued while the node was down (10,000 per connection, in bursts of 300
%% every 500 ms, ~17 s); from then on it receives a frame of 30 readings every 100 ms (~300/s per connection,
%% 4 connections). Each reading is cast to usage_rollup.
-module(meter_ingest).
-export([start_link/1, init/2]).

-define(BACKLOG, 10000).

start_link(N) -> proc_lib:start_link(?MODULE, init, [N, self()]).

init(N, Parent) ->
    proc_lib:init_ack(Parent, {ok, self()}),
    rand:seed(exsss, {N, 41, 7}),
    logger:info("meter_ingest ~b: subscribed to mqtt-bridge-~b.grid.internal topic meters/+/readings, session resumed, "
                "replaying ~b queued readings", [N, N, ?BACKLOG]),
    replay(N, 0),
    logger:info("meter_ingest ~b: replay done (~b readings)", [N, ?BACKLOG]),
    loop(N, 0).

replay(_N, Sent) when Sent >= ?BACKLOG -> ok;
replay(N, Sent) ->
    send(N, Sent, 300),
    timer:sleep(500),
    replay(N, Sent + 300).

loop(N, Seq) ->
    send(N, Seq, 30),
    timer:sleep(100),
    case (Seq + 1) rem 3000 of
        0 -> logger:info("meter_ingest ~b: ~b frames received", [N, Seq + 1]);
        _ -> ok
    end,
    loop(N, Seq + 1).

send(N, Seq, Count) ->
    Now = erlang:system_time(second),
    [usage_rollup:reading({rand:uniform(60000), Now, rand:uniform(900),
                           #{gateway => <<"gw-", (integer_to_binary(N * 100 + K rem 40))/binary>>,
                             firmware => <<"4.2.1">>, rssi => -60 - K rem 30, frame => Seq,
                             quality => element(1 + K rem 3, {ok, estimated, ok}),
                             raw => <<"{\"v\":", (integer_to_binary(K * 7 + Seq))/binary,
                                      ",\"u\":\"Wh\",\"src\":\"dlms\",\"obis\":\"1.8.0\",\"crc\":\"9f3a\"}">>}})
     || K <- lists:seq(1, Count)],
    ok.
