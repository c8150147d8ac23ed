%% hexmoor: parcel-locker gateway (OTP 25). Started with hexmoor:start(Seconds, GlitchAt): door events from the
%% lockers' firmware feed, a courier sync, a slot planner, a parcel cache in ETS and a probe written by the node.
-module(hexmoor).
-export([start/2]).

start(Seconds, GlitchAt) ->
    logger:notice("hexmoor 3.14.2 starting on ~p (otp ~s, os pid ~s)",
                  [node(), erlang:system_info(otp_release), os:getpid()]),
    {ok, Sup} = hexmoor_sup:start_link(),
    logger:info("hexmoor_sup started ~p", [Sup]),
    door_feed:glitch_at(GlitchAt),
    timer:sleep(Seconds * 1000),
    logger:notice("hexmoor stopping: init:stop() from release handler"),
    init:stop().
