%% ferrydesk_node: runs one ferrydesk node for memline's h15-beam-ferrydesk-* incident.
%%   erl -noshell -sname ferrydesk -pa ebin -config sys -eval 'ferrydesk_node:run()'
%% Runs until the VM gets SIGTERM. upgrade/0 is what the on-call ran from a remote shell (here: a file trigger):
%% the 4.2.1 hot upgrade of manifest_builder (suspend, load, code_change, resume) and a config change of quote_ttl_s.
-module(ferrydesk_node).
-export([run/0, watch/1]).

run() ->
    ok = application:load(ferrydesk),
    {ok, _} = application:ensure_all_started(ferrydesk),
    logger:notice("ferrydesk 4.2.0 running on ~s (os pid ~s)", [node(), os:getpid()]),
    {ok, Dir} = application:get_env(ferrydesk, out_dir),
    spawn(?MODULE, watch, [Dir]).

watch(Dir) ->
    receive after 500 -> ok end,
    case file:read_file_info(filename:join(Dir, "upgrade")) of
        {ok, _} -> upgrade();
        _ -> watch(Dir)
    end.

upgrade() ->
    logger:notice("release_handler: upgrading ferrydesk 4.2.0 -> 4.2.1 (relup: manifest_builder soft_purge, code_change)"),
    ok = sys:suspend(manifest_builder),
    code:soft_purge(manifest_builder),
    {module, manifest_builder} = code:load_file(manifest_builder),
    ok = sys:change_code(manifest_builder, manifest_builder, "4.2.0", []),
    ok = sys:resume(manifest_builder),
    logger:notice("release upgrade: ferrydesk 4.2.1 installed and made permanent"),
    receive after 4000 -> ok end,
    application:set_env(ferrydesk, quote_ttl_s, 300),
    logger:notice("config change: ferrydesk quote_ttl_s 900 -> 300 (sys.config reloaded, OPS-2291)").
