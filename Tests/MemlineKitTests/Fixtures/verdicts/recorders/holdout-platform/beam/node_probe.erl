%% node_probe: samples the node once a second into erlang_top.txt: an RFC 3339 time line, `~p` of process_info
%% of the 10 largest processes by memory, `~p` of erlang:memory().
-module(node_probe).
-behaviour(gen_server).
-export([start_link/1, stop/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

-define(KEYS, [registered_name, memory, message_queue_len, reductions, current_function, initial_call,
               total_heap_size]).

start_link(Path) -> gen_server:start_link({local, node_probe}, ?MODULE, Path, []).

stop() -> gen_server:call(node_probe, stop).

init(Path) ->
    {ok, Fd} = file:open(Path, [write]),
    self() ! tick,
    {ok, {Fd, erlang:monotonic_time(millisecond)}}.

handle_info(tick, stopped) -> {noreply, stopped};
handle_info(tick, {Fd, Next}) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Sized = [{M, P} || P <- processes(), {memory, M} <- [erlang:process_info(P, memory)]],
    Top = [{P, Info} || {_, P} <- lists:sublist(lists:reverse(lists:sort(Sized)), 10),
                        Info <- [erlang:process_info(P, ?KEYS)], Info =/= undefined],
    io:format(Fd, "~s~n~p~n~p~n", [Ts, Top, erlang:memory()]),
    Next1 = Next + 1000,
    erlang:send_after(max(0, Next1 - erlang:monotonic_time(millisecond)), self(), tick),
    {noreply, {Fd, Next1}}.

handle_call(stop, _From, {Fd, _}) -> ok = file:close(Fd), {reply, ok, stopped};
handle_call(stop, _From, stopped) -> {reply, ok, stopped}.
handle_cast(_, S) -> {noreply, S}.
