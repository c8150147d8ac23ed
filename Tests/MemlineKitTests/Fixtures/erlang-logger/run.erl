-module(run).
-export([main/1]).
main([File, Single]) ->
    logger:remove_handler(default),
    ok = logger:add_handler(file_h, logger_std_h,
        #{config => #{file => File},
          formatter => {logger_formatter, formatter_config(Single)}}),
    logger:set_primary_config(level, info),
    {ok, _} = app_sup:start_link(),
    logger:notice("deploy started: release 2.4.1 (git 9f3c2ab)"),
    timer:sleep(200),
    exit(whereis(cache_worker), kill),
    timer:sleep(200),
    whereis(cache_worker) ! crash,
    timer:sleep(200),
    logger:info("config change: pool_size 10 -> 20"),
    logger:warning("mailbox of ~p holds ~p messages", [cache_worker, 12000]),
    logger:error("rollback to release 2.4.0 requested"),
    logger:notice("release 2.4.0 booted"),
    timer:sleep(300),
    ok.
formatter_config("template") ->
    #{single_line => true, template => [time, " [", level, "] ", pid, " ", msg, "\n"]};
formatter_config(Single) -> #{single_line => Single =:= "true"}.
