%% berth_event_router: tallies each berth event and writes it through to the quay tally DB: the synchronous write
%% (a 10 ms round trip for every 8 events, modelled by a sleep) caps it at ~750 events/s, below what ais_listener
%% sends, so its mailbox grows for as long as the node runs.
-module(berth_event_router).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() -> register(?MODULE, self()), loop(0, #{}).

loop(N, Tally) ->
    receive
        {berth_event, _Seq, _Vessel, #{berth := B}, _Raw} ->
            T = maps:update_with(B, fun(V) -> V + 1 end, 1, Tally),
            if N rem 8 =:= 7 -> tally_db_write(); true -> ok end,
            if N rem 25000 =:= 0, N > 0 -> logger:info("berth_event_router tallied ~b events", [N]); true -> ok end,
            loop(N + 1, T)
    end.

tally_db_write() -> receive after 10 -> ok end.
