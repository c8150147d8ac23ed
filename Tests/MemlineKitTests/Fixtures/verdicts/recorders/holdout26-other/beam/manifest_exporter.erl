%% Every 15 s builds the day's ridership manifest (all taps so far, ~110k rows) in memory, encodes it and writes it
%% out; all of it is garbage once written.
-module(manifest_exporter).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> erlang:send_after(9000, self(), export), {ok, #{runs => 0}}.

handle_info(export, S = #{runs := R}) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = [{I, I rem 420, (I * 31) rem 420, [I rem 97, I rem 89, I rem 83, I rem 79, I rem 73]}
            || I <- lists:seq(1, 110000)],
    Bin = term_to_binary(Rows),
    Csv = [[integer_to_list(I), $,, integer_to_list(A), $,, integer_to_list(B), $\n] || {I, A, B, _} <- Rows],
    Size = byte_size(Bin) + iolist_size(Csv),
    {memory, Peak} = process_info(self(), memory),
    timer:sleep(1500),
    logger:info("manifest export run=~p rows=~p bytes=~p peak_heap=~p took_ms=~p",
                [R + 1, length(Rows), Size, Peak, erlang:monotonic_time(millisecond) - T0]),
    erlang:send_after(15000, self(), export),
    {noreply, S#{runs := R + 1}, hibernate}.

handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
