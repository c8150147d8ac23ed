%% export_uploader: every ~11 s builds the hourly usage export (chunk_rows rows as CSV), compresses it and
%% uploads it, then drops it. The rows are a transient list on its heap; the CSV and the gzip are big off-heap
%% binaries. chunk_rows is changed at runtime by the operator (150k -> 300k rows).
-module(export_uploader).
-behaviour(gen_server).
-export([start_link/0, set_chunk_rows/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, export_uploader}, ?MODULE, [], []).

set_chunk_rows(N) -> gen_server:call(export_uploader, {chunk_rows, N}).

init([]) ->
    erlang:send_after(6000, self(), export),
    {ok, #{rows => 150000, k => 1}}.

handle_call({chunk_rows, N}, _From, S) -> {reply, ok, S#{rows := N}}.
handle_cast(_, S) -> {noreply, S}.

handle_info(export, #{rows := Rows, k := K} = S) ->
    T0 = erlang:monotonic_time(millisecond),
    Lines = [[integer_to_binary(I), $,, <<"MTR-">>, integer_to_binary(1000000 + I rem 240000), $,,
              integer_to_binary(I * 37 rem 900), <<",2026-12-06T14:00:00Z,ok\n">>]
             || I <- lists:seq(1, Rows)],
    Csv = iolist_to_binary(Lines),
    Gz = zlib:gzip(Csv),
    logger:info("export_uploader: usage export ~b: ~b rows, ~b bytes csv, ~b bytes gzip, uploading",
                [K, Rows, byte_size(Csv), byte_size(Gz)]),
    timer:sleep(2500),
    logger:info("export_uploader: usage export ~b uploaded to s3://meterhub-exports/hourly/ in ~b ms",
                [K, erlang:monotonic_time(millisecond) - T0]),
    _ = erlang:phash2({length(Lines), byte_size(Csv)}),
    erlang:send_after(8000 + rand:uniform(2000), self(), export),
    {noreply, S#{k := K + 1}, hibernate}.
