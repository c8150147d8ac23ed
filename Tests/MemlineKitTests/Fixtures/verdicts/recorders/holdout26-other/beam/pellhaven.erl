%% pellhaven 3.4.1 on a tram-fare gateway: starts pellhaven_sup and the gate feeds for Seconds s, then stops.
-module(pellhaven).
-export([start/2, gates/2, radio/1]).

start(_OutDir, Seconds) ->
    logger:notice("pellhaven 3.4.1 starting on ~p (OTP ~s)", [node(), erlang:system_info(otp_release)]),
    {ok, _} = pellhaven_sup:start_link(),
    T0 = erlang:monotonic_time(second),
    spawn_link(?MODULE, gates, [T0, 0]),
    spawn(?MODULE, radio, [T0]),
    timer:sleep(Seconds * 1000),
    S = gen_server:call(trip_matcher, stats),
    logger:notice("pellhaven stopping: trip_matcher ~p", [S]),
    timer:sleep(200),
    init:stop().

%% ~800 taps/s from the gates: each tap-in is followed by its tap-out, except ~15% (lost cards / faulty gates).
gates(T0, N) ->
    [begin
         Card = N * 8 + K,
         trip_matcher:tap({in, Card, Card rem 420, Card rem 37,
                           [{gate, Card rem 64}, {fw, <<"gx-7.2">>}, {seq, lists:seq(1, 200)}]}),
         case rand:uniform(100) =< 15 of
             true -> ok;
             false -> trip_matcher:tap({out, Card, (Card * 3) rem 420})
         end
     end || K <- lists:seq(0, 7)],
    timer:sleep(10),
    gates(T0, N + 1).

radio(_T0) ->
    timer:sleep(26000),
    logger:warning("radio gateway reconnected, replaying queued vehicle positions"),
    [gps_ingest ! {pos, I rem 140, 44.6 + I / 1.0e6, -63.5 - I / 1.0e6, binary:copy(<<"P">>, 180)}
     || I <- lists:seq(1, 60000)],
    %% at ~44 s a gate on firmware gx-7.3 sends a fare correction with the delta as text: trip_matcher crashes
    timer:sleep(18000),
    trip_matcher:tap({correction, 1, <<"-0.50">>}),
    ok.
