%% archive_sweeper: every 30 s moves closed tickets to cold storage. To skip tickets a previous run already
%% archived it remembers every archived ticket (the whole row) in its state, and nothing ever prunes that map.
-module(archive_sweeper).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> erlang:send_after(12000, self(), sweep), {ok, #{runs => 0, archived => #{}}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(sweep, #{runs := R, archived := Seen} = S) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = ets:tab2list(closed_tickets),
    New = [T || {Id, _, _, _} = T <- Rows, not maps:is_key(Id, Seen)],
    Seen1 = lists:foldl(fun({Id, _, _, _} = T, Acc) -> Acc#{Id => {T, cold_ref(Id)}} end, Seen, New),
    [ets:delete(closed_tickets, Id) || {Id, _, _, _} <- New],
    logger:notice("archive_sweeper run ~b: archived ~b closed tickets to cold storage in ~b ms (~b known)",
                  [R + 1, length(New), erlang:monotonic_time(millisecond) - T0, map_size(Seen1)]),
    erlang:send_after(30000, self(), sweep),
    {noreply, S#{runs := R + 1, archived := Seen1}}.
cold_ref(Id) -> list_to_binary(io_lib:format("s3://ashcombe-archive/2026/12/~b.json.gz", [Id])).
