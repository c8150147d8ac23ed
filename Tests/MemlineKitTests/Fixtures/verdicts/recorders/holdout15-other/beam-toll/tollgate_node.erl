%% tollgate_node: runs one tollgate node for memline's h15-beam-tollgate-* control.
%%   erl -noshell -sname tollgate -pa ebin -config sys -eval 'tollgate_node:run()'
%% Runs until the VM gets SIGTERM. When out_dir/deploy appears it hot-loads release 1.8.3 (toll_rates only: suspend,
%% soft purge, load, code_change, resume; same pids), as the deploy tool does over a remote shell.
-module(tollgate_node).
-export([run/0, watch/1]).

run() ->
    ok = application:load(tollgate),
    {ok, _} = application:ensure_all_started(tollgate),
    logger:notice("tollgate 1.8.2 running on ~s (os pid ~s)", [node(), os:getpid()]),
    {ok, Dir} = application:get_env(tollgate, out_dir),
    spawn(?MODULE, watch, [Dir]).

watch(Dir) ->
    receive after 500 -> ok end,
    case file:read_file_info(filename:join(Dir, "deploy")) of
        {ok, _} -> deploy();
        _ -> watch(Dir)
    end.

deploy() ->
    logger:notice("deploy: tollgate 1.8.3 (a41c9e0) by deploybot, hot code load of toll_rates"),
    ok = sys:suspend(toll_rates),
    code:soft_purge(toll_rates),
    {module, toll_rates} = code:load_file(toll_rates),
    ok = sys:change_code(toll_rates, toll_rates, "1.8.2", []),
    ok = sys:resume(toll_rates),
    logger:notice("deploy: tollgate 1.8.3 finished, toll_rates reloaded").
