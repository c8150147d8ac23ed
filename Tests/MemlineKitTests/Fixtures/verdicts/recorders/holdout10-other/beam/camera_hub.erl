%% camera_hub: the uplink of the garage cameras; reconnects every 25 s and flushes its buffer to anpr_ingest.
-module(camera_hub).
-export([start_link/0, init/0]).

start_link() -> {ok, spawn_link(?MODULE, init, [])}.

init() -> register(camera_hub, self()), timer:sleep(11000), loop(1).

loop(R) ->
    logger:warning("camera uplink reconnected (#~b): flushing 30000 buffered plate events", [R]),
    [anpr_ingest ! {plate_seen, I rem 64, <<"B-PW ", (integer_to_binary(I rem 9999))/binary>>, I}
     || I <- lists:seq(1, 30000)],
    timer:sleep(25000),
    loop(R + 1).
