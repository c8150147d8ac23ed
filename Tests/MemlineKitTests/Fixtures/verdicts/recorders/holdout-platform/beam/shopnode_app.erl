%% The shopnode OTP application (beam-healthy verdict incident). Started as a real application:
%%   erl -noshell -pa ebin -config sys -eval 'shopnode_app:run()'
%% sys.config sets the kernel logger's default handler (logger_std_h, default formatter) to app.log and
%% shopnode's out_dir / run_seconds. The node writes its OS pid to beam.pid, runs for run_seconds, stops.
-module(shopnode_app).
-behaviour(application).
-export([run/0, start/2, stop/1]).

run() ->
    {ok, _} = application:ensure_all_started(shopnode),
    {ok, Secs} = application:get_env(shopnode, run_seconds),
    timer:sleep(Secs * 1000),
    logger:notice("shopnode: stopping after ~b s", [Secs]),
    node_probe:stop(),
    init:stop().

start(_Type, _Args) ->
    {ok, Dir} = application:get_env(shopnode, out_dir),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("shopnode 2.7.0 starting on ~s (OTP ~s, ~b schedulers)",
                  [net_adm:localhost(), erlang:system_info(otp_release), erlang:system_info(schedulers)]),
    shopnode_sup:start_link(Dir).

stop(_State) -> ok.
