%% anpr_ingest: number-plate camera events. The camera hub delivers its buffered events in one burst when its
%% uplink reconnects (every ~25 s here): 30,000 messages at once, matched at ~3,000/s.
-module(anpr_ingest).
-export([start_link/0, init/0]).

start_link() -> {ok, spawn_link(?MODULE, init, [])}.

init() -> register(anpr_ingest, self()), loop(0).

loop(N) ->
    receive
        {plate_seen, _Cam, Plate, _At} ->
            _ = erlang:phash2(Plate),
            case N rem 3 of 0 -> timer:sleep(1); _ -> ok end,
            loop(N + 1)
    end.
