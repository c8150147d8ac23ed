%% ais_listener: turns the quay's AIS/berth sensor feed into berth events: 26 events every 20 ms (~1,300/s), sent
%% to berth_event_router.
-module(ais_listener).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() -> register(?MODULE, self()), loop(0).

loop(Seq) ->
    receive after 20 -> ok end,
    [berth_event_router ! {berth_event, Seq + I, vessel(Seq + I),
                           #{berth => (Seq + I) rem 14, kind => lists:nth(1 + (Seq + I) rem 4, [arrive, moor, work, depart]),
                             draft_cm => 900 + (Seq + I) rem 600, crane_moves => lists:seq(1, 10)},
                           <<"AIVDM,1,1,,A,", (integer_to_binary(Seq + I))/binary, ",0*5C">>}
     || I <- lists:seq(1, 26)],
    loop(Seq + 26).

vessel(N) -> list_to_binary(io_lib:format("IMO9~6..0b", [N rem 400])).
