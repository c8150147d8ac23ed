%% bay_image_stager: crane OCR cameras send 4 bay images a second (1.2-1.8 MB JPEG binaries, refc, off-heap);
%% the stager keeps them in its state until a batch of ~100 is shipped to the damage-inspection archive every
%% 22-28 s. Shipping drops the list, but the binaries stay referenced from the (small) process heap until its next
%% garbage collection, which the stager forces 4 s after shipping: beam.smp RSS climbs ~150 MB and falls back.
-module(bay_image_stager).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, bay_image_stager}, ?MODULE, [], []).

init([]) ->
    erlang:send_after(250, self(), frame),
    erlang:send_after(22000 + rand:uniform(6000), self(), ship),
    {ok, #{imgs => [], batch => 1}}.

handle_info(frame, #{imgs := Imgs} = St) ->
    erlang:send_after(250, self(), frame),
    Size = 1200000 + rand:uniform(600000),
    Img = binary:copy(<<16#FF, 16#D8, (rand:uniform(255))>>, Size div 3),
    {noreply, St#{imgs := [Img | Imgs]}};
handle_info(ship, #{imgs := Imgs, batch := B} = St) ->
    Bytes = lists:sum([byte_size(I) || I <- Imgs]),
    logger:info("bay_image_stager: batch ~b shipped to archive: ~b images, ~b MB", [B, length(Imgs), Bytes div 1048576]),
    erlang:send_after(4000, self(), gc),
    erlang:send_after(22000 + rand:uniform(6000), self(), ship),
    {noreply, St#{imgs := [], batch := B + 1}};
handle_info(gc, St) ->
    erlang:garbage_collect(),
    {noreply, St}.

handle_call(_, _From, St) -> {reply, ok, St}.
handle_cast(_, St) -> {noreply, St}.
