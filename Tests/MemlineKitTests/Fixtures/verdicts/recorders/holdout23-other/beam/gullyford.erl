%% gullyford 2.8.0: a toll-road transponder portal node for memline's h23 beam incident (OTP 25), in one module.
%%   gullyford:start(OutDir, Seconds)
%% gullyford_sup (one_for_one) supervises:
%%   portal_sessions  registered process owning the ETS table gf_portal_rows (set, protected). Every portal page
%%                    view (~440/s, from portal_traffic) inserts a row keyed {SessionId, Seq} with a ~60-element
%%                    list of small terms (the page trail); rows are never deleted (the leak: ETS memory grows all
%%                    run, the owner's own heap stays small);
%%   toll_batcher     registered process receiving gantry reads. At boot a 36,000-message backlog is replayed into
%%                    it, then gantry_feed sends 4 reads per 10 ms tick and it prices 4 per 10 ms tick: its mailbox
%%                    stays large (~36k) but steady (trap);
%%   plate_lookup     a small cache of 2,000 plates, refreshed every 10 s (bystander).
%% gf_probe: every 5 s appends to OutDir/memory-probe.txt the time, erlang:memory(), process_info of the 6 largest
%% processes (memory, message_queue_len, registered_name, current_function, initial_call) and the 4 largest ETS
%% tables (name, owner, size, memory in words).
-module(gullyford).
-behaviour(supervisor).
-export([start/2, init/1, start_child/1, sessions/1, traffic/1, batcher/1, feed/1, plates/1, probe/1]).

start(OutDir, Seconds) ->
    {ok, _} = supervisor:start_link({local, gullyford_sup}, ?MODULE, []),
    logger:notice("gullyford 2.8.0 started on ~p (portal, tolls, plates)", [node()]),
    spawn(?MODULE, probe, [OutDir]),
    timer:sleep(Seconds * 1000),
    whereis(gf_probe) ! {flush, self()}, receive flushed -> ok after 5000 -> ok end,
    io:format("gullyford: gf_portal_rows size ~p, toll_batcher queue ~p~n",
              [ets:info(gf_portal_rows, size), element(2, process_info(whereis(toll_batcher), message_queue_len))]),
    logger:notice("gullyford stopping (init:stop)"),
    init:stop().

init([]) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30},
          [#{id => portal_sessions, start => {?MODULE, start_child, [portal_sessions]}},
           #{id => toll_batcher, start => {?MODULE, start_child, [toll_batcher]}},
           #{id => plate_lookup, start => {?MODULE, start_child, [plate_lookup]}}]}}.

start_child(portal_sessions) ->
    P = spawn_link(?MODULE, sessions, [init]), register(portal_sessions, P),
    register(portal_traffic, spawn_link(?MODULE, traffic, [0])), {ok, P};
start_child(toll_batcher) ->
    P = spawn_link(?MODULE, batcher, [0]), register(toll_batcher, P),
    [P ! {gantry_read, backlog, I, read_blob(I)} || I <- lists:seq(1, 36000)],
    logger:warning("toll_batcher: replaying ~b gantry reads buffered during the outage", [36000]),
    register(gantry_feed, spawn_link(?MODULE, feed, [0])), {ok, P};
start_child(plate_lookup) ->
    P = spawn_link(?MODULE, plates, [init]), register(plate_lookup, P), {ok, P}.

sessions(init) ->
    ets:new(gf_portal_rows, [named_table, protected, set]),
    sessions(0);
sessions(N) ->
    receive
        {page, Sid, Path} ->
            Trail = [{step, I, Path, Sid rem 97} || I <- lists:seq(1, 20)],
            ets:insert(gf_portal_rows, {{Sid, N}, erlang:system_time(millisecond), Path, Trail}),
            sessions(N + 1)
    end.

traffic(N) ->
    Paths = [account, statements, topup, vehicles, disputes, autopay],
    [portal_sessions ! {page, (N * 22 + I) rem 5000 + N div 40, lists:nth((N + I) rem 6 + 1, Paths)} || I <- lists:seq(1, 22)],
    timer:sleep(50), traffic(N + 1).

batcher(Done) ->
    %% prices up to 4 reads per 10 ms tick (the tariff service's rate limit): as fast as gantry_feed sends
    N = take(4, 0),
    if (Done + N) div 20000 > Done div 20000 -> logger:notice("toll_batcher: ~b reads priced", [Done + N]); true -> ok end,
    if (Done + N) div 2000 > Done div 2000 -> erlang:garbage_collect(); true -> ok end,
    timer:sleep(10), batcher(Done + N).
take(0, Got) -> Got;
take(K, Got) ->
    receive {gantry_read, _Gantry, _Seq, Blob} -> _ = erlang:phash2(Blob), take(K - 1, Got + 1)
    after 0 -> Got
    end.

feed(N) ->
    [toll_batcher ! {gantry_read, {gantry, (N + I) rem 40}, N * 4 + I, read_blob(N + I)} || I <- lists:seq(1, 4)],
    timer:sleep(10), feed(N + 1).
read_blob(K) -> {plate, K rem 90000, lists:duplicate(12, K rem 255)}.

plates(init) -> plates(load);
plates(load) ->
    T = maps:from_list([{P, {owner, P rem 777, lists:duplicate(20, $z)}} || P <- lists:seq(1, 2000)]),
    receive after 10000 -> ok end,
    put(plates, T), plates(load).

probe(OutDir) ->
    register(gf_probe, self()),
    {ok, F} = file:open(filename:join(OutDir, "memory-probe.txt"), [append]),
    sample(F), probe_loop(F).
probe_loop(F) ->
    receive {flush, From} -> sample(F), file:close(F), From ! flushed
    after 5000 -> sample(F), probe_loop(F)
    end.
sample(F) ->
    Keys = [memory, message_queue_len, registered_name, current_function, initial_call],
    Rows = [{M, P} || P <- processes(), P =/= self(), {memory, M} <- [process_info(P, memory)]],
    Top = [[{pid, P} | info(P, Keys)] || {_, P} <- lists:sublist(lists:reverse(lists:sort(Rows)), 6)],
    Tabs = [[{name, ets:info(T, name)}, {owner, owner(ets:info(T, owner))}, {size, ets:info(T, size)},
             {memory, ets:info(T, memory)}] || T <- ets:all(), ets:info(T, memory) =/= undefined],
    TopTabs = lists:sublist(lists:reverse(lists:sort(fun(A, B) -> mem(A) =< mem(B) end, Tabs)), 4),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "==== ~s ~s~n", [Now, node()]),
    io:format(F, "erlang:memory().~n~p.~n", [erlang:memory()]),
    io:format(F, "top processes by memory (process_info/2).~n~p.~n", [Top]),
    io:format(F, "top ets tables by memory (words).~n~p.~n", [TopTabs]).
info(P, Keys) -> case process_info(P, Keys) of undefined -> []; L -> [KV || {_, V} = KV <- L, V =/= []] end.
owner(P) -> case process_info(P, registered_name) of {registered_name, N} -> {P, N}; _ -> P end.
mem(L) -> proplists:get_value(memory, L).
