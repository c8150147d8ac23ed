%% Vehicle positions: a burst of queued positions arrives when the radio gateway reconnects; drained at ~2000/s;
%% hibernates after 2 s idle.
-module(gps_ingest).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> {ok, #{n => 0, last => #{}}}.

handle_info({pos, Vehicle, Lat, Lon, Raw}, S = #{n := N, last := L}) ->
    timer:sleep(case N rem 5 of 0 -> 2; _ -> 0 end),
    _ = byte_size(Raw),
    {noreply, S#{n := N + 1, last := L#{Vehicle => {Lat, Lon}}}, 2000};
handle_info(timeout, S) -> {noreply, S, hibernate};
handle_info(_, S) -> {noreply, S}.

handle_call(count, _, S = #{n := N}) -> {reply, N, S}.
handle_cast(_, S) -> {noreply, S}.
