%% radar_feed: ~30 frames/s from the coastal radars, each a fresh 24-88 KiB binary, cast to track_assembler.
%% New tracks appear all the time (vessels entering the range); each track lives for ~40 frames.
-module(radar_feed).
-export([start_link/0, init/0]).
start_link() -> Pid = proc_lib:spawn_link(?MODULE, init, []), register(radar_feed, Pid), {ok, Pid}.
init() -> rand:seed(exsss, {7, 11, 13}), loop(1, 0).
loop(Track, Seq) ->
    Size = (24 + rand:uniform(64)) * 1024,
    Frame = <<Track:32, Seq:32, (hdr_bytes(120))/binary, 0:(Size * 8 - 1024)>>,
    gen_server:cast(track_assembler, {frame, Frame}),
    timer:sleep(33),
    case Seq >= 40 of true -> loop(Track + 1, 0); false -> loop(Track, Seq + 1) end.
hdr_bytes(N) -> << <<(rand:uniform(255))>> || _ <- lists:seq(1, N) >>.
