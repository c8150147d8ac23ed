%% ticket_intake: tickets from the mail and web channels (~400/s), written to the open_tickets ETS table; each
%% closed 20-40 s later (moved to closed_tickets, where archive_sweeper picks them up).
-module(ticket_intake).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    ets:new(open_tickets, [named_table, set, public]),
    ets:new(closed_tickets, [named_table, set, public]),
    self() ! tick,
    {ok, #{next => 1, n => 0}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(tick, #{next := Next, n := N} = S) ->
    Now = erlang:monotonic_time(millisecond),
    [ets:insert(open_tickets, {Id, Now, channel(Id), subject(Id)}) || Id <- lists:seq(Next, Next + 39)],
    Close = ets:select(open_tickets, [{{'$1', '$2', '_', '_'}, [{'<', '$2', Now - 20000 - rand:uniform(20000)}], ['$1']}], 200),
    case Close of
        {Ids, _} -> [case ets:take(open_tickets, Id) of [T] -> ets:insert(closed_tickets, T); [] -> ok end || Id <- Ids];
        '$end_of_table' -> ok
    end,
    N1 = N + 40,
    case N1 rem 8000 of 0 -> logger:info("ticket_intake: ~b tickets received, ~b open", [N1, ets:info(open_tickets, size)]); _ -> ok end,
    erlang:send_after(100, self(), tick),
    {noreply, S#{next := Next + 40, n := N1}}.
channel(Id) when Id rem 3 =:= 0 -> web;
channel(_) -> mail.
subject(Id) -> list_to_binary(io_lib:format("Re: order ~b delivery question - customer ~b", [900000 + Id, Id rem 7919])).
