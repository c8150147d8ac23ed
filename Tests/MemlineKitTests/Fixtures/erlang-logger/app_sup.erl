-module(app_sup).
-behaviour(supervisor).
-export([start_link/0, init/1, start_worker/0, worker_loop/0]).
start_link() -> supervisor:start_link({local, app_sup}, ?MODULE, []).
init([]) ->
    Child = #{id => cache_worker, start => {?MODULE, start_worker, []}, restart => permanent},
    {ok, {#{strategy => one_for_one, intensity => 3, period => 5}, [Child]}}.
start_worker() ->
    Pid = spawn_link(?MODULE, worker_loop, []),
    register(cache_worker, Pid),
    {ok, Pid}.
worker_loop() -> receive crash -> exit(cache_overflow); _ -> worker_loop() end.
