%% quillfen 3.4.1: a dispatch-roster node for memline's h22 beam incident (OTP 25), everything in one module.
%%   quillfen:start(OutDir, Seconds)
%% quillfen_sup (one_for_one, 6 restarts in 60 s) supervises:
%%   roster_keeper  registered gen_server; roster_ticker casts it ~25 shift events/s and it prepends every one
%%                  (a tuple with a ~250-char charlist note) to the history list in its state, never trimmed (the
%%                  leak: its heap grows, its mailbox stays empty);
%%   session_reaper owns the ETS table qf_sessions: ~400 session inserts/s, capped at 12,000 rows (oldest
%%                  evicted), so the table grows for ~30 s and then levels off (trap);
%%   feed_poller    polls a 'vendor feed' every 2 s and crashes with {badmatch,...} every ~25 s; the supervisor
%%                  restarts it (trap).
%% qf_probe: every 4 s appends to OutDir/recon.txt a `%% <UTC time> <node> recon:proc_count(memory, 8)` line and
%% the result in recon's layout, then erlang:memory() and ets:info(qf_sessions).
-module(quillfen).
-behaviour(supervisor).
-export([start/2, init/1, start_child/1, keeper/1, ticker/0, reaper/1, poller/1, probe/1]).

start(OutDir, Seconds) ->
    {ok, _} = supervisor:start_link({local, quillfen_sup}, ?MODULE, []),
    logger:notice("quillfen 3.4.1 started on ~p", [node()]),
    spawn(?MODULE, probe, [OutDir]),
    timer:sleep(Seconds * 1000),
    whereis(qf_probe) ! {flush, self()}, receive flushed -> ok after 5000 -> ok end,
    %% for the recorder only (stdout goes to erl.out, not shipped): events kept and session keys inserted
    roster_keeper ! {count, self()}, Kept = receive {count, C} -> C after 5000 -> unknown end,
    io:format("quillfen: roster_keeper history ~p events; qf_sessions last key ~p, size ~p~n",
              [Kept, ets:last(qf_sessions), ets:info(qf_sessions, size)]),
    logger:notice("quillfen stopping"),
    init:stop().

init([]) ->
    {ok, {#{strategy => one_for_one, intensity => 6, period => 60},
          [#{id => roster_keeper, start => {?MODULE, start_child, [roster_keeper]}},
           #{id => session_reaper, start => {?MODULE, start_child, [session_reaper]}},
           #{id => feed_poller, start => {?MODULE, start_child, [feed_poller]}}]}}.

start_child(roster_keeper) -> P = spawn_link(?MODULE, keeper, [[]]), register(roster_keeper, P), spawn_link(?MODULE, ticker, []), {ok, P};
start_child(session_reaper) -> P = spawn_link(?MODULE, reaper, [init]), {ok, P};
start_child(feed_poller) -> P = spawn_link(?MODULE, poller, [0]), register(feed_poller, P), {ok, P}.

keeper(History) ->
    receive
        {shift, Ev} -> keeper([Ev | History]);
        {count, From} -> From ! {count, length(History)}, keeper(History)
    end.

ticker() ->
    register(roster_ticker, self()), tick(0).
tick(N) ->
    Note = lists:flatten(io_lib:format("crew ~b swapped onto run ~b at depot ~b; ~s", [N rem 900, N rem 77, N rem 13, lists:duplicate(200, $.)])),
    roster_keeper ! {shift, {N, erlang:system_time(millisecond), {depot, N rem 13}, Note}},
    timer:sleep(40), tick(N + 1).

reaper(init) ->
    register(session_reaper, self()),
    ets:new(qf_sessions, [named_table, public, ordered_set]),
    reaper(0);
reaper(N) ->
    [ets:insert(qf_sessions, {N + I, erlang:system_time(millisecond), crypto_free_blob(N + I)}) || I <- lists:seq(1, 20)],
    Size = ets:info(qf_sessions, size),
    if Size > 12000 -> [ets:delete(qf_sessions, ets:first(qf_sessions)) || _ <- lists:seq(1, Size - 12000)]; true -> ok end,
    timer:sleep(50), reaper(N + 20).
crypto_free_blob(K) -> lists:flatten(io_lib:format("sess-~b-~s", [K, lists:duplicate(40, $x)])).

poller(N) ->
    timer:sleep(2000),
    Reply = case (N + 1) rem 12 of 0 -> {error, vendor_timeout}; _ -> {ok, N} end,
    {ok, _} = Reply,
    poller(N + 1).

probe(OutDir) ->
    register(qf_probe, self()),
    {ok, F} = file:open(filename:join(OutDir, "recon.txt"), [append]),
    sample(F), probe_loop(F).
probe_loop(F) ->
    receive {flush, From} -> sample(F), file:close(F), From ! flushed
    after 4000 -> sample(F), probe_loop(F)
    end.
sample(F) ->
    Rows = [{P, M, name(P)} || P <- processes(), P =/= self(), {memory, M} <- [process_info(P, memory)]],
    Top = lists:sublist(lists:reverse(lists:keysort(2, Rows)), 8),
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    io:format(F, "%% ~s ~s recon:proc_count(memory, 8)~n~p.~n", [Now, node(), Top]),
    io:format(F, "%% ~s ~s erlang:memory()~n~p.~n", [Now, node(), erlang:memory()]),
    io:format(F, "%% ~s ~s ets:info(qf_sessions)~n~p.~n", [Now, node(), catch ets:info(qf_sessions)]).
name(P) ->
    Base = case process_info(P, [current_function, initial_call]) of undefined -> []; L -> L end,
    case process_info(P, registered_name) of {registered_name, N} -> [N | Base]; _ -> Base end.
