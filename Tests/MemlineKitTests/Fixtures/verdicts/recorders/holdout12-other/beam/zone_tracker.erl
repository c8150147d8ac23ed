%% zone_tracker: keeps the firing curve per kiln zone. Since 1.14.0 it also keeps, for the controller's
%% resend check, the 96-byte trailer of every frame it accepted, in a queue per kiln that should be trimmed to
%% the last 32 entries. The trailer is binary:part/3 of the frame (a sub-binary), so each kept trailer holds its
%% whole 90-210 KB frame off-heap; the trim compares the queue's size in bytes (queue:len/1 * 96) with the kiln's
%% total bytes received instead of with 32 * 96, so it never trims. Its own heap stays small.
-module(zone_tracker).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, zone_tracker}, ?MODULE, [], []).

init([]) -> {ok, #{resend => #{}, curve => #{}, bytes => #{}, n => 0}}.

handle_cast({frame, <<Kiln:8, Zone:8, _Batch:32, _/binary>> = F}, #{resend := R, curve := C, bytes := B, n := N} = S) ->
    Trailer = binary:part(F, byte_size(F) - 96, 96),
    Sz = byte_size(F),
    Temp = binary:at(F, 10) * 5,
    Q = queue:in(Trailer, maps:get(Kiln, R, queue:new())),
    Bytes = maps:get(Kiln, B, 0) + Sz,
    Q1 = trim(Q, Bytes),
    N1 = N + 1,
    N1 rem 120 =:= 0 andalso logger:info("zone_tracker: ~b frames, resend window ~b", [N1, lists:sum([queue:len(X) || X <- maps:values(R)])]),
    {noreply, S#{resend := R#{Kiln => Q1}, curve := C#{{Kiln, Zone} => Temp}, bytes := B#{Kiln => Bytes}, n := N1}}.

trim(Q, Bytes) ->
    case queue:len(Q) * 96 > Bytes of
        true -> {_, Q1} = queue:out(Q), Q1;
        false -> Q
    end.

handle_call(stats, _From, S) -> {reply, maps:get(n, S), S}.
handle_info(_, S) -> {noreply, S}.
