%% Writes Erlang process snapshots as JSON lines (jiffy), for memline's tests; see record_json.sh.
%%
%% A mailbox_hoarder (registered; its receive never matches, a producer sends it 200 messages every 100 ms) and a
%% busy_worker (proc_lib, registered, keeps a growing list) run for 12 s. Once a second:
%%   proc_top.jsonl      one object per process of the top 8 by memory: ts (RFC 3339), node, pid, registered_name
%%                       (null when none), memory, message_queue_len, reductions, current_function as
%%                       [Module, Function, Arity], initial_call as "m:f/a", total_heap_size, heap_size, status;
%%                       then maps:from_list(erlang:memory()) with ts and node.
%%   telemetry.jsonl     the same moments as telemetry_poller's built-in events would log them: [vm, memory] with
%%                       erlang:memory() as measurements, and {process_info, ...} of the two registered processes
%%                       (measurements memory, message_queue_len; metadata name); time in microseconds.
-module(proc_json).
-export([main/0, hoard/0, worker/1]).

main() ->
    Hoarder = spawn(?MODULE, hoard, []),
    register(mailbox_hoarder, Hoarder),
    spawn(fun() -> produce(Hoarder) end),
    Worker = proc_lib:spawn(?MODULE, worker, [[]]),
    register(busy_worker, Worker),
    spawn(fun() -> feed(Worker) end),
    {ok, Top} = file:open("proc_top.jsonl", [write]),
    {ok, Tel} = file:open("telemetry.jsonl", [write]),
    sample(Top, Tel, 12),
    file:close(Top),
    file:close(Tel),
    halt().

hoard() -> receive never_sent -> ok end.

produce(Hoarder) ->
    [Hoarder ! {log, 'app.request', list_to_binary(lists:duplicate(64, $x))} || _ <- lists:seq(1, 200)],
    timer:sleep(100),
    produce(Hoarder).

worker(Kept) ->
    receive {job, N} -> worker([lists:seq(1, N) | Kept]) end.

feed(Worker) ->
    [Worker ! {job, 50} || _ <- lists:seq(1, 50)],
    timer:sleep(50),
    feed(Worker).

sample(_, _, 0) -> ok;
sample(Top, Tel, N) ->
    timer:sleep(1000),
    Ts = list_to_binary(calendar:system_time_to_rfc3339(erlang:system_time(millisecond),
                                                        [{unit, millisecond}, {offset, "Z"}])),
    Node = atom_to_binary(node()),
    Keys = [registered_name, memory, message_queue_len, reductions, current_function, initial_call,
            total_heap_size, heap_size, status],
    Ranked = lists:sublist(lists:reverse(lists:keysort(2,
        [{P, M} || P <- processes(), {memory, M} <- [process_info(P, memory)]])), 8),
    [write(Top, process(Ts, Node, P, process_info(P, Keys))) || {P, _} <- Ranked, process_info(P, memory) =/= undefined],
    write(Top, maps:merge(#{ts => Ts, node => Node}, maps:from_list(erlang:memory()))),
    Micro = erlang:system_time(microsecond),
    write(Tel, #{time => Micro, event => [vm, memory], measurements => maps:from_list(erlang:memory()),
                 metadata => #{}}),
    [write(Tel, #{time => Micro, event => [proc_json, Name],
                  measurements => maps:from_list(process_info(whereis(Name), [memory, message_queue_len])),
                  metadata => #{name => Name}}) || Name <- [mailbox_hoarder, busy_worker]],
    sample(Top, Tel, N - 1).

process(Ts, Node, Pid, Info) ->
    {M, F, A} = proplists:get_value(current_function, Info),
    {IM, IF, IA} = proplists:get_value(initial_call, Info),
    Name = case proplists:get_value(registered_name, Info) of [] -> null; R -> R end,
    #{ts => Ts, node => Node, pid => list_to_binary(pid_to_list(Pid)), registered_name => Name,
      memory => proplists:get_value(memory, Info),
      message_queue_len => proplists:get_value(message_queue_len, Info),
      reductions => proplists:get_value(reductions, Info),
      current_function => [M, F, A],
      initial_call => iolist_to_binary(io_lib:format("~s:~s/~b", [IM, IF, IA])),
      total_heap_size => proplists:get_value(total_heap_size, Info),
      heap_size => proplists:get_value(heap_size, Info),
      status => proplists:get_value(status, Info)}.

write(File, Map) -> io:put_chars(File, [jiffy:encode(Map), $\n]).
