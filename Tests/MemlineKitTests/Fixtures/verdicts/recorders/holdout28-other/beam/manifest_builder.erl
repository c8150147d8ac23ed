%% manifest_builder: every 12 s renders the customs manifest of all boats in the marina (a large transient
%% list of binaries and tuples), hands it to the exporter and drops it.
-module(manifest_builder).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> erlang:send_after(4000, self(), build), {ok, 0}.
handle_call(_, _, N) -> {reply, N, N}.
handle_cast(_, N) -> {noreply, N}.
handle_info(build, N) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = [{I, integer_to_list(I * 7919), lists:duplicate(12, I rem 251), {berth, I rem 640}}
            || I <- lists:seq(1, 260000)],
    Lines = length(Rows),
    {memory, Peak} = erlang:process_info(self(), memory),
    logger:info("manifest_builder run=~b lines=~b heap_peak_bytes=~b took_ms=~b",
                [N + 1, Lines, Peak, erlang:monotonic_time(millisecond) - T0]),
    erlang:send_after(12000, self(), build),
    {noreply, N + 1, hibernate}.
code_change(_Old, N, _Extra) -> {ok, N}.
