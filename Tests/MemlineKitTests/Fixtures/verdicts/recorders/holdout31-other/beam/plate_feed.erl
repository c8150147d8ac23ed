%% plate_feed: ANPR camera reads arrive in batches of camera_batch every 100 ms per 4 cameras (~400/s at the
%% default). Plates are mostly new (cars passing through), some return. One camera sends an empty plate at
%% CRASH_AT seconds (a firmware glitch).
-module(plate_feed).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    rand:seed(exsss, {31, 7, 2026}),
    erlang:send_after(100, self(), tick),
    CrashAt = list_to_integer(os:getenv("CRASH_AT", "55")),
    erlang:send_after(CrashAt * 1000, self(), glitch),
    {ok, 0}.
handle_info(tick, N) ->
    Batch = 10,
    Now = erlang:system_time(second),
    [permit_check:check({plate(N + I), (N + I) rem 240, cam(I), Now}) || I <- lists:seq(1, Batch * 4)],
    erlang:send_after(100, self(), tick),
    {noreply, N + Batch * 4};
handle_info(glitch, N) ->
    logger:warning("plate_feed: camera cam-17 sent a read without plate text (firmware 4.2.1)"),
    permit_check:check({<<>>, 17, <<"cam-17">>, erlang:system_time(second)}),
    {noreply, N}.
plate(K) ->
    case rand:uniform(10) of
        1 -> list_to_binary(io_lib:format("QM~5..0b", [rand:uniform(2000)]));
        _ -> list_to_binary(io_lib:format("~c~c~c~4..0b", [$A + K rem 26, $A + (K div 26) rem 26, $A + (K div 676) rem 26, K rem 10000]))
    end.
cam(I) -> list_to_binary("cam-" ++ integer_to_list(10 + I rem 4)).
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
