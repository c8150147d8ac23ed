%% marlinquay 5.3.2: a port-call coordination node for memline's h19-beam-* incident (OTP 25).
%%   marlinquay:start(OutDir, Seconds, CrashAt)
%% A supervision tree: marlinquay_sup (one_for_one) over berth_pool_sup (8 berth_worker gen_servers, unnamed, same
%% initial call berth_worker:init/1), berth_router (routes vessel events to a worker by phash2 of the carrier),
%% pilot_feed (a feed client that crashes at CrashAt s on a malformed frame and is restarted by marlinquay_sup),
%% and mq_probe (process_info of the pool and the largest processes + erlang:memory() every 3 s to procs.log).
-module(marlinquay).
-export([start/3, init/1]).
-behaviour(supervisor).

start(Out, Seconds, CrashAt) ->
    logger:info("marlinquay 5.3.2 starting on ~p", [node()]),
    {ok, _} = supervisor:start_link({local, marlinquay_sup}, ?MODULE, {top, Out, CrashAt}),
    timer:sleep(Seconds * 1000),
    logger:notice("marlinquay stopping (operator)"),
    timer:sleep(300),
    erlang:halt(0).

init({top, Out, CrashAt}) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30},
          [#{id => berth_pool_sup, start => {supervisor, start_link, [{local, berth_pool_sup}, ?MODULE, pool]},
             type => supervisor},
           #{id => berth_router, start => {berth_router, start_link, []}},
           #{id => pilot_feed, start => {pilot_feed, start_link, [CrashAt]}},
           #{id => mq_probe, start => {mq_probe, start_link, [Out]}}]}};
init(pool) ->
    {ok, {#{strategy => one_for_one, intensity => 3, period => 10},
          [#{id => {berth_worker, N}, start => {berth_worker, start_link, [N]}} || N <- lists:seq(1, 8)]}}.
