%% manifest_builder: every 3 s renders the passenger/vehicle manifests of the next sailings for the border agency:
%% 6-18 manifest documents of 1-3 MB each (refc binaries), checksummed, "sent" and dropped. The process does almost
%% no heap work in between, so the dropped binaries stay on its binary list (off-heap garbage) until its next
%% garbage collection.
-module(manifest_builder).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> erlang:send_after(3000, self(), build), {ok, #{round => 0, sent => 0}}.

handle_info(build, #{round := R, sent := Sent} = S) ->
    N = 6 + (R * 7) rem 13,
    Docs = [render(R, I) || I <- lists:seq(1, N)],
    Sum = lists:foldl(fun(D, A) -> erlang:crc32(A, D) end, 0, Docs),
    Bytes = lists:sum([byte_size(D) || D <- Docs]),
    if R rem 5 =:= 0 -> logger:info("manifest_builder: round ~b sent ~b manifests, ~b bytes, crc ~.16b", [R, N, Bytes, Sum]);
       true -> ok end,
    erlang:send_after(3000, self(), build),
    {noreply, S#{round := R + 1, sent := Sent + N}}.

render(R, I) ->
    Line = iolist_to_binary(io_lib:format("PAX;~6..0b;~4..0b;SURNAME-~b;GIVEN;1980-01-01;FIN;VEH-~b;~n", [R, I, R * I, I])),
    binary:copy(Line, (1000000 + ((R * 31 + I * 17) rem 2000000)) div byte_size(Line)).

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
code_change(_Old, S, _Extra) -> {ok, S}.
