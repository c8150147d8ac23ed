%% permit_check: every camera read of a plate is checked against permits; to find overstays it keeps each
%% plate's sightings (zone, time, camera, checksum) in its state. Nothing ever drops a plate that drove away.
-module(permit_check).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2, check/1]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
check(Read) -> gen_server:cast(?MODULE, {read, Read}).
init([]) ->
    logger:notice("permit_check: started, overstay tracking on"),
    erlang:send_after(15000, self(), stats), {ok, #{seen => #{}, reads => 0, overstays => 0}}.
handle_cast({read, {Plate, Zone, Cam, T}}, #{seen := Seen, reads := N, overstays := O} = S) ->
    <<_:2/binary, _/binary>> = Plate,  %% a read with an empty plate crashes here (function clause / badmatch)
    Hist = maps:get(Plate, Seen, []),
    Ocr = [90 + erlang:phash2({Plate, I}, 10) || I <- lists:seq(1, byte_size(Plate))],  %% per-character OCR confidence
    Sighting = {Zone, T, Cam, erlang:phash2({Plate, T}), <<"ok:", Plate/binary>>, Ocr},
    O2 = case Hist of [{Z0, T0, _, _, _, _} | _] when Z0 =:= Zone, T - T0 > 3600 -> O + 1; _ -> O end,
    {noreply, S#{seen := Seen#{Plate => [Sighting | Hist]}, reads := N + 1, overstays := O2}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_info(stats, #{seen := Seen, reads := N} = S) ->
    logger:info("permit_check: ~b reads checked, ~b plates tracked", [N, maps:size(Seen)]),
    erlang:send_after(15000, self(), stats), {noreply, S}.
