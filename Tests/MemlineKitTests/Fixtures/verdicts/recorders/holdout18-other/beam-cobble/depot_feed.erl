%% depot_feed: the depots' scanner uplink: 40 parcel scans every 50 ms (~800/s) cast to scan_ledger.
-module(depot_feed).
-export([start/0, init/0]).
start() -> register(depot_feed, spawn(?MODULE, init, [])).
init() -> rand:seed(exsss), loop(0).
loop(N) ->
    [scan_ledger ! {scan, scan(N * 40 + I)} || I <- lists:seq(1, 40)],
    receive after 50 -> loop(N + 1) end.
scan(Seq) ->
    Depot = rand:uniform(14),
    #{parcel => list_to_binary(io_lib:format("CW~10..0b", [Seq])), depot => Depot, seq => Seq,
      scanned_at => erlang:system_time(millisecond), event => lists:nth(rand:uniform(4), [in, out, sort, load]),
      route => [{leg, Depot, rand:uniform(400), rand:uniform(90)} || _ <- lists:seq(1, 3)],
      dims => {rand:uniform(60), rand:uniform(40), rand:uniform(40)}}.
