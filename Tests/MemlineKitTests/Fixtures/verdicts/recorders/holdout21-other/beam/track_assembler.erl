%% track_assembler: gets every radar frame (a 24-88 KiB refc binary) from radar_feed. For each track it keeps the
%% frame's 128-byte head (ids, header, first plot) as a sub-binary (matched out of the frame) in its state, "for the track history view" -
%% the sub-binary keeps the whole frame alive. Old tracks are never dropped (the leak: refc binaries, small heap).
-module(track_assembler).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> {ok, #{tracks => #{}, frames => 0}}.
handle_call(count, _From, S = #{tracks := T}) -> {reply, maps:size(T), S}.
handle_cast({frame, Frame}, S = #{tracks := T, frames := N}) ->
    <<TrackId:32, Seq:32, Hdr:120/binary, _Body/binary>> = Frame,
    Hist = maps:get(TrackId, T, []),
    Hist1 = case Seq rem 2 of 0 -> [Hdr | Hist]; _ -> Hist end,
    {noreply, S#{tracks := T#{TrackId => Hist1}, frames := N + 1}}.
handle_info(_, S) -> {noreply, S}.
