%% audit_shipper: receives tracking/audit events by cast, batches 1000 of them, encodes each batch and "ships" it
%% to the audit store (a 60 ms round trip). tracking_poller casts a page of ~55k events at once every ~17 s, so
%% the mailbox spikes and then drains in a few seconds; when it is empty the server hibernates.
-module(audit_shipper).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, audit_shipper}, ?MODULE, [], []).

init([]) -> {ok, {[], 0, 0}}.

handle_cast({audit, Ev}, {Batch, N, Shipped}) ->
    B1 = [Ev | Batch],
    {B2, N2, S2} = case N + 1 >= 1000 of
                       true -> ship(B1), {[], 0, Shipped + 1};
                       false -> {B1, N + 1, Shipped}
                   end,
    case erlang:process_info(self(), message_queue_len) of
        {message_queue_len, 0} ->
            [ship(B2) || B2 =/= []],
            case S2 > 0 of
                true -> logger:info("audit_shipper: mailbox drained, ~b batches shipped", [S2 + 1]);
                false -> ok
            end,
            {noreply, {[], 0, 0}, hibernate};
        _ -> {noreply, {B2, N2, S2}}
    end.

ship(Batch) ->
    _ = byte_size(term_to_binary(Batch, [compressed])),
    timer:sleep(60).

handle_call(_, _From, S) -> {reply, ok, S}.
handle_info(_, S) -> {noreply, S}.
