%% assay_pool: one short-lived worker per frame (spawned by the pool, not linked): it decodes the frame's
%% readings into a list of tuples (2-6 MB of heap), looks the sensors up in silo_catalog, computes the assay and
%% dies after 0.4-1.6 s: a churn of big, short-lived processes.
-module(assay_pool).
-behaviour(gen_server).
-export([start_link/0, assay/1, init/1, handle_call/3, handle_cast/2, handle_info/2, assay_worker/1]).

start_link() -> gen_server:start_link({local, assay_pool}, ?MODULE, [], []).
assay(Frame) -> gen_server:cast(assay_pool, {assay, Frame}).

init([]) -> process_flag(trap_exit, true), {ok, 0}.

handle_cast({assay, Frame}, N) -> spawn_link(?MODULE, assay_worker, [Frame]), {noreply, N + 1}.
handle_call(_, _From, N) -> {reply, N, N}.
handle_info({'EXIT', _, _}, N) -> {noreply, N}.

assay_worker(<<Silo:16, _Seq:32, _H:128/binary, Readings/binary>>) ->
    Rows = decode(Readings, 0, []),
    _ = silo_catalog:lookup(Silo * 240 + 1),
    timer:sleep(400 + rand:uniform(1200)),
    _Avg = lists:foldl(fun({_, V, _}, A) -> A + V end, 0, Rows) / max(1, length(Rows)),
    ok.

decode(<<V:16, Rest/binary>>, I, Acc) when I < 60000 -> decode(Rest, I + 1, [{I, V, [V rem 7, V rem 11]} | Acc]);
decode(_, _, Acc) -> Acc.
