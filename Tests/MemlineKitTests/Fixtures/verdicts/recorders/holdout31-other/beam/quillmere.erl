%% quillmere: parking-permit enforcement backend. quillmere:start(Seconds) runs the node for Seconds and halts.
-module(quillmere).
-export([start/1]).
start(Seconds) ->
    logger:notice("quillmere 3.7.2 starting on ~p (otp ~s)", [node(), erlang:system_info(otp_release)]),
    application:set_env(quillmere, camera_batch, 50),
    {ok, _} = quillmere_sup:start_link(),
    logger:notice("quillmere started: zones, permit_check, plate_feed, tariff_report, mem_probe"),
    timer:sleep(Seconds * 1000),
    logger:notice("quillmere stopping (maintenance window)"),
    timer:sleep(200),
    erlang:halt(0).
