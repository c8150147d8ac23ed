%% quayline_node: a container-terminal EDI gateway OTP node recorded for memline's h8-beam-* incident.
%%   erl -noshell -pa ebin -config sys -eval 'quayline_node:run()'
%% Config (application env of `quayline`): out_dir, run_seconds. Starts quayline_sup, runs run_seconds and halts.
%% The kernel logger's default handler writes quayline.log (single-line default formatter with a
%% `[level] pid` template); qx_sampler writes procs.jsonl; the OS pid goes to beam.pid.
-module(quayline_node).
-export([run/0]).

run() ->
    application:load(quayline),
    Env = fun(K) -> {ok, V} = application:get_env(quayline, K), V end,
    Dir = Env(out_dir), Secs = Env(run_seconds),
    ok = file:write_file(filename:join(Dir, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("quayline 2.7.4 starting on ~s (OTP ~s, erts ~s, ~b schedulers)",
                  [net_adm:localhost(), erlang:system_info(otp_release), erlang:system_info(version),
                   erlang:system_info(schedulers)]),
    {ok, _} = quayline_sup:start_link(Dir),
    timer:sleep(Secs * 1000),
    logger:notice("quayline stopping (init:stop requested by operator)"),
    qx_sampler:flush(),
    logger_std_h:filesync(default),
    timer:sleep(200),
    halt().
