%% probe_router: routes each telemetry frame to an assay worker. Since 2.7.0 it keeps the last headers it saw
%% per (silo, seq) in its state to drop duplicate frames after a gateway reconnect. The header is a match of
%% the frame (a sub-binary), so every kept header keeps its whole 120-260 KB frame alive off-heap; the
%% "prune" runs on frames older than 10 min by seq distance, which never happens because seq keys are per silo
%% but the distance is computed against the global seq. Its own heap stays small.
-module(probe_router).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, probe_router}, ?MODULE, [], []).

init([]) -> {ok, #{seen => #{}, routed => 0}}.

handle_cast({frame, <<Silo:16, Seq:32, Header:128/binary, _/binary>> = Frame}, #{seen := Seen, routed := N} = S) ->
    case maps:is_key({Silo, Header}, Seen) of
        true -> {noreply, S};
        false ->
            assay_pool:assay(Frame),
            Seen1 = prune(Seen#{{Silo, Header} => Seq}, Seq),
            N1 = N + 1,
            N1 rem 100 =:= 0 andalso logger:info("probe_router: ~b frames routed, dedup window ~b", [N1, map_size(Seen1)]),
            {noreply, S#{seen := Seen1, routed := N1}}
    end.

prune(Seen, Seq) when Seq rem 50 =:= 0 ->
    maps:filter(fun({_Silo, _H}, At) -> Seq - At < 600000 end, Seen);
prune(Seen, _) -> Seen.

handle_call(stats, _From, S) -> {reply, S, S}.
handle_info(_, S) -> {noreply, S}.
