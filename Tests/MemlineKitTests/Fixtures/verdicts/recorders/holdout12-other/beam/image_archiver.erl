%% image_archiver: batches the infrared images (1.5-3.0 MB binaries) and uploads them every 6 s as one archive
%% (written to the archive sink), then drops the batch and garbage-collects: its refc binaries climb to ~20-40 MB
%% and fall back to zero every 6 s. min_bin_vheap_size is raised so it does not collect in between.
-module(image_archiver).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, image_archiver}, ?MODULE, [], []).

init([]) ->
    process_flag(min_bin_vheap_size, 64 * 1024 * 1024),
    {ok, Sink} = file:open("/dev/null", [write, raw, binary]),
    erlang:send_after(6000, self(), upload),
    {ok, #{batch => [], sink => Sink, uploads => 0}}.

handle_cast({image, _Kiln, Img}, #{batch := B} = S) -> {noreply, S#{batch := [Img | B]}}.

handle_info(upload, #{batch := B, sink := Sink, uploads := U} = S) ->
    ok = file:write(Sink, lists:reverse(B)),
    erlang:send_after(6000, self(), upload),
    (U + 1) rem 5 =:= 0 andalso logger:info("image_archiver: uploaded batch ~b (~b images)", [U + 1, length(B)]),
    self() ! gc,
    {noreply, S#{batch := [], uploads := U + 1}};
handle_info(gc, S) -> erlang:garbage_collect(), {noreply, S}.

handle_call(stats, _From, S) -> {reply, maps:get(uploads, S), S}.
