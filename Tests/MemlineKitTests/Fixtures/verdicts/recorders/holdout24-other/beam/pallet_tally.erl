%% pallet_tally: keeps every pallet scan of the shift in its state (a list per dock, never trimmed: the
%% end-of-shift reconcile that should drop them was never wired up). Heap capped at MAX_HEAP words.
-module(pallet_tally).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(MAX_HEAP, 13000000).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    process_flag(max_heap_size, #{size => ?MAX_HEAP, kill => true, error_logger => true}),
    logger:info("pallet_tally started, max_heap_size ~b words", [?MAX_HEAP]),
    {ok, #{scans => #{}, count => 0}}.

handle_call(count, _From, S = #{count := C}) -> {reply, C, S}.

handle_cast({scan, Id, Dock, Ts, Kg, Readings}, S = #{scans := M, count := C}) ->
    Row = {Id, Ts, Kg, Readings},
    {noreply, S#{scans := M#{Dock => [Row | maps:get(Dock, M, [])]}, count := C + 1}}.

handle_info(_, S) -> {noreply, S}.
