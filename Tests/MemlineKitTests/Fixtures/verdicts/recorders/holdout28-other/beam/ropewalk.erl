%% ropewalk: berth-hold service of a marina (OTP 25). Started with ropewalk:start(Seconds, ReleaseAt, FlagAt).
-module(ropewalk).
-export([start/3, drive/3]).

start(Seconds, ReleaseAt, FlagAt) ->
    application:set_env(ropewalk, hold_audit_trail, false),
    logger:info("ropewalk 5.2.4 starting on ~p (otp ~s)", [node(), erlang:system_info(otp_release)]),
    {ok, Sup} = ropewalk_sup:start_link(),
    logger:info("ropewalk_sup started ~p", [Sup]),
    Driver = spawn_link(?MODULE, drive, [erlang:monotonic_time(millisecond), Seconds * 1000, 0]),
    register(ropewalk_traffic, Driver),
    timer:sleep(ReleaseAt * 1000),
    %% release 5.3.0: new manifest_builder code loaded in place (the change the notes blame)
    code:purge(manifest_builder), {module, _} = code:load_file(manifest_builder),
    sys:suspend(manifest_builder), sys:change_code(manifest_builder, manifest_builder, "5.2.4", []),
    sys:resume(manifest_builder),
    logger:notice("release 5.3.0 deployed: manifest_builder reloaded (hot code upgrade), vsn 5.2.4 -> 5.3.0"),
    timer:sleep((FlagAt - ReleaseAt) * 1000),
    application:set_env(ropewalk, hold_audit_trail, true),
    logger:notice("feature flag hold_audit_trail set to true by ops (remote shell, flags:enable/1)"),
    timer:sleep((Seconds - FlagAt) * 1000),
    logger:notice("ropewalk stopping: init:stop()"),
    init:stop().

%% ~800 berth holds/s and 5 hold releases/s, from 40 client connections' worth of traffic
drive(T0, Total, N) ->
    case erlang:monotonic_time(millisecond) - T0 > Total of
        true -> ok;
        false ->
            [hold_ledger:hold(<<"B", (integer_to_binary(rand:uniform(640)))/binary>>,
                              rand:uniform(90000), rand:uniform(48)) || _ <- lists:seq(1, 40)],
            timer:sleep(50),
            drive(T0, Total, N + 40)
    end.
