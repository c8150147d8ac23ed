%% moisture_feed: the uplink from the silo gateways: ~3.3 telemetry frames/s, each one binary of 120-260 KB
%% (<<SiloId:16, Seq:32, Header:128/binary, Readings/binary>>), cast to probe_router.
-module(moisture_feed).
-export([start_link/0, init/1]).

start_link() -> proc_lib:start_link(?MODULE, init, [self()]).

init(Parent) ->
    register(moisture_feed, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    rand:seed(exsss, {7, 11, 13}),
    loop(0).

loop(Seq) ->
    timer:sleep(240 + rand:uniform(120)),
    Silo = rand:uniform(64),
    Size = 120000 + rand:uniform(140000),
    Frame = <<Silo:16, Seq:32, (header(Silo, Seq))/binary, (crypto:strong_rand_bytes(Size))/binary>>,
    gen_server:cast(probe_router, {frame, Frame}),
    loop(Seq + 1).

header(Silo, Seq) ->
    H = iolist_to_binary(io_lib:format("GW~3..0b/~10..0b/moisture+temp+co2", [Silo, Seq])),
    Pad = binary:copy(<<" ">>, 128 - byte_size(H)),
    <<H/binary, Pad/binary>>.
