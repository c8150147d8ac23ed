%% A small OTP node with a supervised set of services, recorded for memline's verdict fixtures.
%%   erl -noshell -run beam_app main <restart|deploy> <seconds> <outdir>
%% Writes <outdir>/erlang_top.txt (every second: an RFC 3339 time line, `~p` of process_info of the
%% top 10 processes by memory, `~p` of erlang:memory()), <outdir>/app.log (OTP logger, logger_std_h
%% with the default formatter) and <outdir>/beam.pid.
-module(beam_app).
-behaviour(supervisor).
-export([main/1, init/1, start_worker/3, init_worker/4]).

main([Scenario, SecsS, Dir]) ->
    Secs = list_to_integer(SecsS),
    Scn = list_to_atom(Scenario),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    ok = logger:add_handler(file_h, logger_std_h,
                            #{config => #{file => filename:join(Dir, "app.log")}, level => info}),
    ok = logger:remove_handler(default),
    ok = logger:set_primary_config(level, info),
    Start = erlang:monotonic_time(millisecond),
    Sampler = spawn(fun() -> sampler_start(filename:join(Dir, "erlang_top.txt")) end),
    logger:notice("app 1.4.1 starting on ~s (OTP ~s, ~b schedulers)",
                  [net_adm:localhost(), erlang:system_info(otp_release), erlang:system_info(schedulers)]),
    {ok, _} = supervisor:start_link({local, app_sup}, ?MODULE, {Scn, Secs, Start}),
    timer:sleep(Secs * 1000),
    logger:notice("app stopping after ~b s", [Secs]),
    Sampler ! {stop, self()},
    receive stopped -> ok after 3000 -> ok end,
    logger_std_h:filesync(file_h),
    timer:sleep(200),
    halt().

%% ---- supervision tree ------------------------------------------------------------------------

init({Scn, Secs, Start}) ->
    IngestRate = case Scn of restart -> 750; deploy -> 60 end,   % events/s per connection
    Children =
        [worker(session_cache, session_cache, fun() -> session_cache() end),
         #{id => event_sink, start => {event_sink, start_link, []}},
         #{id => metrics_agg, start => {metrics_agg, start_link, []}},
         #{id => mailer, start => {mailer, start_link, []}},
         worker(report_worker, report_worker, fun() -> report_worker() end),
         worker(health_watchdog, health_watchdog, fun() -> watchdog(undefined) end),
         worker(stats_tick, undefined, fun() -> stats_tick(0) end)]
        ++ [worker({http, I}, undefined, fun() -> http_handler(I) end) || I <- lists:seq(1, 6)]
        ++ [worker({ingest_conn, I}, undefined, fun() -> ingest_conn(I, IngestRate) end) || I <- lists:seq(1, 4)]
        ++ [worker(transactional_mail, undefined, fun() -> transactional_mail() end)]
        ++ case Scn of
               deploy ->
                   [worker(newsletter_job, undefined, fun() -> newsletter_job(1) end),
                    worker(deployer, undefined, fun() -> deployer(Start, Secs) end)];
               restart -> []
           end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60}, Children}}.

worker(Id, Name, Fun) ->
    #{id => Id, start => {?MODULE, start_worker, [Id, Name, Fun]}}.

start_worker(Id, Name, Fun) -> proc_lib:start_link(?MODULE, init_worker, [Id, Name, Fun, self()]).

init_worker(_Id, Name, Fun, _Parent) ->
    case Name of undefined -> ok; _ -> register(Name, self()) end,
    proc_lib:init_ack({ok, self()}),
    Fun().

%% ---- session_cache: large but stable state (heap map + ets table) -----------------------------

session_cache() ->
    Tab = ets:new(sessions, [named_table, public, set, {read_concurrency, true}]),
    Sessions = maps:from_list([session(I, 0) || I <- lists:seq(1, 60000)]),
    ets:insert(Tab, maps:to_list(Sessions)),
    logger:info("session_cache: warmed 60000 sessions"),
    erlang:send_after(15000, self(), refresh),
    cache_loop(Sessions, 1).

session(I, Gen) ->
    {<<I:64, (erlang:phash2(I)):32, Gen:32>>,
     {user, I, [viewer, editor], erlang:system_time(second), <<"locale=en;tz=UTC;theme=dark;plan=pro">>,
      [{tab, N} || N <- lists:seq(1, 4)]}}.

cache_loop(Sessions, Gen) ->
    receive
        refresh ->
            Ids = [rand:uniform(60000) || _ <- lists:seq(1, 5000)],
            S1 = lists:foldl(fun(I, Acc) -> {K, V} = session(I, 0), maps:put(K, V, Acc) end, Sessions, Ids),
            ets:insert(sessions, [session(I, 0) || I <- Ids]),
            logger:info("session_cache: refreshed 5000 sessions (generation ~b, ~b total)", [Gen, maps:size(S1)]),
            erlang:garbage_collect(),
            erlang:send_after(15000, self(), refresh),
            cache_loop(S1, Gen + 1);
        {get, From, I} ->
            {K, _} = session(I, 0),
            From ! {session, maps:get(K, Sessions, undefined)},
            cache_loop(Sessions, Gen)
    end.

%% ---- report_worker: builds a big transient list every 10 s, then lets it go -------------------

report_worker() ->
    timer:sleep(4000 + rand:uniform(1000)),
    report_loop(1).

report_loop(N) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = build_rows(12, []),
    Total = lists:foldl(fun({_, A, _, _}, Acc) -> Acc + A end, 0, Rows),
    timer:sleep(800),
    logger:info("report_worker: daily_revenue report #~b built from ~b rows in ~b ms, total ~b",
                [N, length(Rows), erlang:monotonic_time(millisecond) - T0, Total]),
    erlang:garbage_collect(),
    timer:sleep(max(0, 10000 - (erlang:monotonic_time(millisecond) - T0))),
    report_loop(N + 1).

build_rows(0, Acc) -> Acc;
build_rows(K, Acc) ->
    Chunk = [{order, rand:uniform(100000), eur, {2026, 12, rand:uniform(6)}} || _ <- lists:seq(1, 50000)],
    timer:sleep(150),
    build_rows(K - 1, Chunk ++ Acc).

%% ---- health_watchdog: kills event_sink when its mailbox passes 100k (at most once per 5 min) --

watchdog(LastKill) ->
    timer:sleep(1000),
    case whereis(event_sink) of
        undefined -> watchdog(LastKill);
        Pid ->
            {message_queue_len, Q} = erlang:process_info(Pid, message_queue_len),
            Now = erlang:monotonic_time(second),
            Recent = LastKill =/= undefined andalso Now - LastKill < 300,
            if
                Q > 100000, not Recent ->
                    logger:error("health_watchdog: event_sink ~p message_queue_len ~b > 100000, killing it",
                                 [Pid, Q]),
                    exit(Pid, kill),
                    watchdog(Now);
                Q > 50000, Now rem 5 =:= 0 ->
                    logger:warning("health_watchdog: event_sink ~p message_queue_len ~b (warn at 50000)",
                                   [Pid, Q]),
                    watchdog(LastKill);
                true -> watchdog(LastKill)
            end
    end.

%% ---- noise: http handlers, stats tick, ingest connections, transactional mail ----------------

http_handler(I) ->
    timer:sleep(5 + rand:uniform(10)),
    Sid = rand:uniform(60000),
    _ = ets:lookup(sessions, Sid),
    Body = iolist_to_binary([<<"{\"items\":[">>, [integer_to_binary(X) || X <- lists:seq(1, 20)], <<"]}">>]),
    Ts = erlang:system_time(millisecond),
    Tags = [{route, <<"/api/v1/items/:id">>}, {status, 200}, {handler, I}],
    [gen_server:cast(metrics_agg, {metric, M, rand:uniform() * 10, Ts, Tags})
     || M <- [http_request_ms, db_query_ms, render_ms, response_bytes, session_lookup_ms]],
    _ = byte_size(Body),
    http_handler(I).

stats_tick(N) ->
    timer:sleep(1000),
    case N rem 10 of
        0 -> logger:info("stats: run_queue ~b, processes ~b, memory total ~b",
                         [erlang:statistics(run_queue), erlang:system_info(process_count),
                          erlang:memory(total)]);
        _ -> ok
    end,
    stats_tick(N + 1).

ingest_conn(I, Rate) ->
    ingest_loop(I, Rate, erlang:monotonic_time(millisecond), 0).

ingest_loop(I, Rate, T0, Sent) ->
    timer:sleep(20),
    Due = (erlang:monotonic_time(millisecond) - T0) * Rate div 1000,
    [gen_server:cast(event_sink,
                     {event, S, #{type => page_view, user_id => rand:uniform(60000),
                                  path => <<"/api/v1/items/", (integer_to_binary(S))/binary>>,
                                  ts => erlang:system_time(millisecond), tags => [web, eu_west, I]}})
     || S <- lists:seq(Sent + 1, Due)],
    ingest_loop(I, Rate, T0, max(Sent, Due)).

transactional_mail() ->
    timer:sleep(1000 + rand:uniform(2000)),
    gen_server:cast(mailer, mail(rand:uniform(60000), <<"Your receipt">>)),
    transactional_mail().

mail(U, Subject) ->
    {deliver, <<"user", (integer_to_binary(U))/binary, "@example.com">>, Subject,
     [<<"Hello,\n">>, <<"thanks for being with us. Here is what changed this week: ">>,
      integer_to_list(U), <<"\n-- the team">>]}.

%% newsletter_job: a campaign batch of 60k deliveries every ~20 s
newsletter_job(N) ->
    timer:sleep(case N of 1 -> 6000; _ -> 19000 + rand:uniform(3000) end),
    logger:info("newsletter_job: campaign batch #~b: queueing 60000 deliveries", [N]),
    [gen_server:cast(mailer, mail(U, <<"December newsletter">>)) || U <- lists:seq(1, 60000)],
    newsletter_job(N + 1).

%% deployer: hot upgrade of metrics_agg to release 1.4.2 at 30% of the run
deployer(Start, Secs) ->
    timer:sleep(max(0, Start + Secs * 300 - erlang:monotonic_time(millisecond))),
    logger:notice("deploy: installing release 1.4.2 (from 1.4.1), change 'percentile dashboard: retain raw metric samples'"),
    ok = sys:suspend(metrics_agg),
    ok = sys:change_code(metrics_agg, metrics_agg, "1.4.1", {retain_raw, true}),
    ok = sys:resume(metrics_agg),
    logger:notice("deploy: metrics_agg upgraded 1.4.1 -> 1.4.2 (retain_raw_samples = true)"),
    logger:notice("deploy: release 1.4.2 deployed"),
    receive never -> ok end.

%% ---- sampler: the node samples itself once a second -------------------------------------------

sampler_start(Path) ->
    {ok, Fd} = file:open(Path, [write]),
    sampler(Fd, erlang:monotonic_time(millisecond)).

sampler(Fd, Next) ->
    Ts = calendar:system_time_to_rfc3339(erlang:system_time(millisecond),
                                         [{unit, millisecond}, {offset, "Z"}]),
    ByMem = lists:reverse(lists:keysort(2, [{P, M} || P <- processes(), {memory, M} <- [erlang:process_info(P, memory)]])),
    Top = [{P, Info} || {P, _} <- lists:sublist(ByMem, 10),
                        Info <- [erlang:process_info(P, [registered_name, memory, message_queue_len, reductions,
                                                         current_function, initial_call, total_heap_size])],
                        Info =/= undefined],
    io:format(Fd, "~s~n", [Ts]),
    io:format(Fd, "~p~n", [Top]),
    io:format(Fd, "~p~n", [erlang:memory()]),
    Next1 = Next + 1000,
    receive
        {stop, From} -> file:close(Fd), From ! stopped
    after max(0, Next1 - erlang:monotonic_time(millisecond)) -> sampler(Fd, Next1)
    end.
