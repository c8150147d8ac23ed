%% thermo_ingest: the kiln controllers' uplink. Every 220-300 ms one thermocouple frame of 90-210 KB
%% (<<Kiln:8, Zone:8, Batch:32, Readings/binary, Trailer:96/binary>>) cast to zone_tracker; every 400-550 ms an
%% infrared image of 1.5-3.0 MB cast to image_archiver.
-module(thermo_ingest).
-export([start_link/0, init/1]).

start_link() -> proc_lib:start_link(?MODULE, init, [self()]).

init(Parent) ->
    register(thermo_ingest, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    rand:seed(exsss, {3, 5, 17}),
    self() ! image,
    loop(0).

loop(Batch) ->
    receive
        image ->
            Img = binary:copy(<<(rand:uniform(255))>>, 1500000 + rand:uniform(1500000)),
            gen_server:cast(image_archiver, {image, rand:uniform(12), Img}),
            erlang:send_after(400 + rand:uniform(150), self(), image),
            loop(Batch)
    after 220 + rand:uniform(80) ->
        Kiln = rand:uniform(12), Zone = rand:uniform(8),
        Readings = crypto:strong_rand_bytes(90000 + rand:uniform(120000)),
        Trailer = iolist_to_binary(io_lib:format("K~2..0bZ~b:~10..0b:cone06:tc-type-S:ramp-150C/h:seg-3-of-6  ", [Kiln, Zone, Batch])),
        T96 = <<Trailer/binary, (binary:copy(<<"#">>, 96 - byte_size(Trailer)))/binary>>,
        gen_server:cast(zone_tracker, {frame, <<Kiln:8, Zone:8, Batch:32, Readings/binary, T96/binary>>}),
        loop(Batch + 1)
    end.
