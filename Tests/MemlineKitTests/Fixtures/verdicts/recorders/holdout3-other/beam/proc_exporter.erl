%% proc_exporter: every 2 s writes the 12 largest processes by memory as JSON lines (one object per process:
%% ts, node, pid, registered_name, memory, message_queue_len, reductions, current_function [M, F, A],
%% initial_call, total_heap_size, status) and one erlang:memory() object (with ts and node), as a metrics sidecar
%% would ship them. OTP 25 has no json module, so the encoder is the few lines below.
-module(proc_exporter).
-behaviour(gen_server).
-export([start_link/1, flush/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(KEYS, [registered_name, memory, message_queue_len, reductions, current_function, initial_call,
               total_heap_size, status]).

start_link(Path) -> gen_server:start_link({local, proc_exporter}, ?MODULE, Path, []).

flush() -> gen_server:call(proc_exporter, flush).

init(Path) ->
    {ok, Fd} = file:open(Path, [write]),
    self() ! tick,
    {ok, {Fd, erlang:monotonic_time(millisecond)}}.

handle_info(tick, {Fd, Next}) ->
    Ts = list_to_binary(calendar:system_time_to_rfc3339(erlang:system_time(microsecond),
                                                        [{unit, microsecond}, {offset, "Z"}])),
    Node = atom_to_binary(node()),
    Sized = [{M, P} || P <- processes(), {memory, M} <- [erlang:process_info(P, memory)]],
    Top = [{P, Info} || {_, P} <- lists:sublist(lists:reverse(lists:sort(Sized)), 12),
                        Info <- [erlang:process_info(P, ?KEYS)], Info =/= undefined],
    Lines = [json([{ts, Ts}, {node, Node}, {pid, list_to_binary(pid_to_list(P))} | fields(Info)]) || {P, Info} <- Top]
            ++ [json([{ts, Ts}, {node, Node} | erlang:memory()])],
    ok = file:write(Fd, Lines),
    Next1 = Next + 2000,
    erlang:send_after(max(0, Next1 - erlang:monotonic_time(millisecond)), self(), tick),
    {noreply, {Fd, Next1}}.

handle_call(flush, _From, {Fd, Next}) -> ok = file:datasync(Fd), {reply, ok, {Fd, Next}}.
handle_cast(_, S) -> {noreply, S}.

fields(Info) ->
    [case KV of
         {registered_name, []} -> {registered_name, null};
         {registered_name, N} -> {registered_name, atom_to_binary(N)};
         {current_function, undefined} -> {current_function, null};
         {current_function, {M, F, A}} -> {current_function, [atom_to_binary(M), atom_to_binary(F), A]};
         {initial_call, {M, F, A}} -> {initial_call, iolist_to_binary(io_lib:format("~s:~s/~b", [M, F, A]))};
         {status, S} -> {status, atom_to_binary(S)};
         Other -> Other
     end || KV <- Info].

json(Pairs) -> [${, lists:join($,, [[val(atom_to_binary(K)), $:, val(V)] || {K, V} <- Pairs]), $}, $\n].

val(null) -> <<"null">>;
val(V) when is_integer(V) -> integer_to_binary(V);
val(V) when is_binary(V) -> [$", V, $"];
val(V) when is_list(V) -> [$[, lists:join($,, [val(X) || X <- V]), $]].
