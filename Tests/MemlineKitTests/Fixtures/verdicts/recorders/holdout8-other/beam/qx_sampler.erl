%% qx_sampler: the node's own process sampler (what the team ships to their log pipeline): every 5 s it appends
%% to procs.jsonl one JSON line per process with memory >= 200 KB, >= 50 queued messages or >= 1 MB of refc
%% binaries (ts ISO-8601 UTC with ms and Z, node, pid, registered_name or null, memory, message_queue_len,
%% reductions, current_function as [M,F,A], total_heap_size in words, binary_bytes: the refc binaries the process
%% references), then one line of erlang:memory() (ts, node, kind "erlang_memory" and its keys).
-module(qx_sampler).
-export([start_link/1, flush/0, init/2]).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> qx_sampler ! {flush, self()}, receive flushed -> ok after 3000 -> ok end.

init(Dir, Parent) ->
    register(qx_sampler, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.jsonl"), [append]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F, erlang:monotonic_time(millisecond)).

loop(F, Next) ->
    sample(F),
    Next1 = Next + 5000,
    receive
        {flush, From} -> sample(F), file:sync(F), From ! flushed, loop(F, Next1)
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> loop(F, Next1)
    end.

sample(F) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Node = atom_to_list(node()),
    Keys = [registered_name, memory, message_queue_len, reductions, current_function, total_heap_size, binary],
    Lines = [line(Ts, Node, P, I) || P <- processes(), I <- [erlang:process_info(P, Keys)], I =/= undefined,
                                     keep(I)],
    M = erlang:memory(),
    Mem = string:join([io_lib:format("\"~s\":~b", [K, V]) || {K, V} <- M], ","),
    io:put_chars(F, [Lines, io_lib:format("{\"ts\":\"~s\",\"node\":\"~s\",\"kind\":\"erlang_memory\",~s}~n", [Ts, Node, Mem])]).

bin_bytes(I) -> lists:sum([S || {_, S, _} <- proplists:get_value(binary, I)]).

keep(I) ->
    proplists:get_value(memory, I) >= 200000 orelse proplists:get_value(message_queue_len, I) >= 50
        orelse bin_bytes(I) >= 1048576.

line(Ts, Node, P, I) ->
    G = fun(K) -> proplists:get_value(K, I) end,
    Name = case G(registered_name) of [] -> "null"; N -> [$", atom_to_list(N), $"] end,
    {M, Fn, A} = G(current_function),
    io_lib:format("{\"ts\":\"~s\",\"node\":\"~s\",\"pid\":\"~s\",\"registered_name\":~s,\"memory\":~b,"
                  "\"message_queue_len\":~b,\"reductions\":~b,\"current_function\":[\"~s\",\"~s\",~b],"
                  "\"total_heap_size\":~b,\"binary_bytes\":~b}~n",
                  [Ts, Node, pid_to_list(P), Name, G(memory), G(message_queue_len), G(reductions), M, Fn, A,
                   G(total_heap_size), bin_bytes(I)]).
