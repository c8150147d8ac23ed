%% usage_rollup: rolls meter readings up into billing intervals. Every reading is also kept, whole, in the
%% server's state (a map meter => readings) "for late-arrival reconciliation until the billing period closes";
%% the period never closes in this build, so the state only grows. The server caps its own heap with
%% process_flag(max_heap_size, ...) (kill => true): when the heap passes the cap the VM kills it, the VM's error
%% logger reports it, and meterhub_sup restarts it under a new pid with an empty state.
-module(usage_rollup).
-behaviour(gen_server).
-export([start_link/0, reading/1, init/1, handle_call/3, handle_cast/2, handle_info/2, format_status/2]).

-define(HEAP_CAP_WORDS, 10000000).

start_link() -> gen_server:start_link({local, usage_rollup}, ?MODULE, [], []).

reading(R) -> gen_server:cast(usage_rollup, {reading, R}).

init([]) ->
    process_flag(max_heap_size, #{size => ?HEAP_CAP_WORDS, kill => true, error_logger => true}),
    logger:info("usage_rollup: started, max_heap_size ~b words, billing period 2026-12", [?HEAP_CAP_WORDS]),
    {ok, #{n => 0, intervals => #{}, pending => #{}}}.

handle_cast({reading, {Meter, Ts, Wh, _Meta} = R}, #{n := N, intervals := I, pending := P} = S) ->
    Slot = {Meter rem 512, Ts div 900},
    I2 = I#{Slot => maps:get(Slot, I, 0) + Wh},
    P2 = P#{Meter => [R | maps:get(Meter, P, [])]},
    case (N + 1) rem 25000 of
        0 -> logger:info("usage_rollup: ~b readings rolled up, ~b meters pending reconciliation", [N + 1, map_size(P2)]);
        _ -> ok
    end,
    {noreply, S#{n := N + 1, intervals := I2, pending := P2}}.

handle_call(stats, _From, #{n := N} = S) -> {reply, N, S}.
handle_info(_, S) -> {noreply, S}.
format_status(_Opt, [_PDict, #{n := N, pending := P}]) -> [{data, [{"State", {readings, N, pending_meters, map_size(P)}}]}].
