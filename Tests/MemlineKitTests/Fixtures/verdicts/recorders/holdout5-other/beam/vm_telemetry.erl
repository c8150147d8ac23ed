%% vm_telemetry: a telemetry_poller stand-in with a JSON-lines log handler. Every 2 s it emits what
%% telemetry_poller's built-in measurements would: [vm, memory] (erlang:memory()), [vm, total_run_queue_lengths],
%% [vm, system_counts], and a process_info measurement ([meterhub, <name>], measurements memory and
%% message_queue_len, metadata name) for each of the node's named processes it was configured with; a process
%% that is not registered at that moment is skipped, as telemetry_poller does. Each event is one JSON line with
%% the event's time in microseconds.
-module(vm_telemetry).
-export([start_link/1, flush/0, init/2]).

-define(WATCHED, [usage_rollup, meter_registry, export_uploader, meterhub_sup, code_server]).

start_link(Dir) -> proc_lib:start_link(?MODULE, init, [Dir, self()]).

flush() -> vm_telemetry ! {flush, self()}, receive flushed -> ok after 2000 -> ok end.

init(Dir, Parent) ->
    register(vm_telemetry, self()),
    {ok, F} = file:open(filename:join(Dir, "telemetry.jsonl"), [append, raw, binary]),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(F).

loop(F) ->
    poll(F),
    receive
        {flush, From} -> poll(F), file:sync(F), From ! flushed, loop(F)
    after 2000 -> loop(F)
    end.

poll(F) ->
    T = erlang:system_time(microsecond),
    Mem = erlang:memory(),
    ev(F, T, [vm, memory], [{K, V} || {K, V} <- Mem], []),
    Q = erlang:statistics(total_run_queue_lengths_all),
    Cpu = erlang:statistics(total_run_queue_lengths),
    ev(F, T, [vm, total_run_queue_lengths], [{total, Q}, {cpu, Cpu}, {io, Q - Cpu}], []),
    ev(F, T, [vm, system_counts], [{process_count, erlang:system_info(process_count)},
                                   {atom_count, erlang:system_info(atom_count)},
                                   {port_count, erlang:system_info(port_count)}], []),
    [case whereis(Name) of
         undefined -> ok;
         Pid ->
             case erlang:process_info(Pid, [memory, message_queue_len]) of
                 undefined -> ok;
                 [{memory, M}, {message_queue_len, L}] ->
                     ev(F, T, [meterhub, Name], [{memory, M}, {message_queue_len, L}], [{name, Name}])
             end
     end || Name <- ?WATCHED],
    ok.

ev(F, T, Event, Measurements, Meta) ->
    Line = ["{\"event\":[", lists:join(",", [["\"", atom_to_list(E), "\""] || E <- Event]),
            "],\"measurements\":{", kv(Measurements), "},\"metadata\":{", kv(Meta),
            "},\"time\":", integer_to_list(T), "}\n"],
    ok = file:write(F, Line).

kv(L) -> lists:join(",", [["\"", atom_to_list(K), "\":", val(V)] || {K, V} <- L]).
val(V) when is_integer(V) -> integer_to_list(V);
val(V) when is_atom(V) -> ["\"", atom_to_list(V), "\""].
