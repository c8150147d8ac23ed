%% ashcombe: support-ticket desk backend (OTP 25). ashcombe:start(Seconds) runs the supervision tree for Seconds.
-module(ashcombe).
-export([start/1]).

start(Seconds) ->
    logger:notice("ashcombe 5.2.0 starting on ~p (otp ~s, os pid ~s)",
                  [node(), erlang:system_info(otp_release), os:getpid()]),
    {ok, Sup} = ashcombe_sup:start_link(),
    logger:info("ashcombe_sup started ~p", [Sup]),
    timer:sleep(Seconds * 1000),
    logger:notice("ashcombe stopping: init:stop()"),
    init:stop().
