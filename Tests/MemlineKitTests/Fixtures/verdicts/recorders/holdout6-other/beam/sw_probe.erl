%% sw_probe: the node's own process sampler (what the ops team's `sw_probe` module ships to the log pipeline).
%% Every 3 s it writes one JSON line per process using at least 256 KB or with at least 100 queued messages
%% (largest first): time (RFC 3339, ms), pid, registered_name (null if none), memory, mailbox
%% (message_queue_len), reductions, current_function as "m:f/a", total_heap_size, and one line with
%% erlang:memory() under "vm_memory". OTP 25 has no json module, so the encoder is the few lines below.
-module(sw_probe).
-export([start_link/1, flush/0, init/2]).

-define(MIN_MEMORY, 262144).
-define(MIN_MAILBOX, 100).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> sw_probe ! {flush, self()}, receive flushed -> ok after 3000 -> ok end.

init(Dir, Parent) ->
    register(sw_probe, self()),
    {ok, F} = file:open(filename:join(Dir, "procs.jsonl"), [append, raw, binary]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F, erlang:monotonic_time(millisecond)).

loop(F, Next) ->
    sample(F),
    Next1 = Next + 3000,
    receive
        {flush, From} -> sample(F), file:sync(F), From ! flushed, loop(F, Next1)
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> loop(F, Next1)
    end.

sample(F) ->
    T = list_to_binary(calendar:system_time_to_rfc3339(erlang:system_time(millisecond),
                                                       [{unit, millisecond}, {offset, "+00:00"}])),
    Infos = [{P, I} || P <- processes(),
                       I <- [erlang:process_info(P, [registered_name, memory, message_queue_len, reductions,
                                                     current_function, total_heap_size])],
                       I =/= undefined,
                       proplists:get_value(memory, I) >= ?MIN_MEMORY
                           orelse proplists:get_value(message_queue_len, I) >= ?MIN_MAILBOX],
    Sorted = lists:reverse(lists:sort(fun({_, A}, {_, B}) ->
                                              proplists:get_value(memory, A) =< proplists:get_value(memory, B)
                                      end, Infos)),
    Lines = [json([{time, T}, {pid, list_to_binary(pid_to_list(P))} | fields(I)]) || {P, I} <- Sorted]
            ++ [[<<"{\"time\":\"">>, T, <<"\",\"vm_memory\":">>, json_obj(erlang:memory()), <<"}\n">>]],
    ok = file:write(F, Lines).

fields(I) ->
    [case KV of
         {registered_name, []} -> {registered_name, null};
         {registered_name, N} -> {registered_name, atom_to_binary(N)};
         {message_queue_len, Q} -> {mailbox, Q};
         {current_function, {M, Fn, A}} -> {current_function, iolist_to_binary(io_lib:format("~s:~s/~b", [M, Fn, A]))};
         {current_function, _} -> {current_function, null};
         Other -> Other
     end || KV <- I].

json(Pairs) -> [json_obj(Pairs), $\n].
json_obj(Pairs) -> [${, lists:join($,, [[$", atom_to_binary(K), $", $:, val(V)] || {K, V} <- Pairs]), $}].

val(null) -> <<"null">>;
val(V) when is_integer(V) -> integer_to_binary(V);
val(V) when is_binary(V) -> [$", V, $"].
