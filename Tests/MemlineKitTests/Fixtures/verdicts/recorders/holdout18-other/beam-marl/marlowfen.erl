%% marlowfen 7.3: a wholesale nursery's order node for memline's h18-beam-marlowfen-* control (OTP 25).
%%   erl -noshell -sname marlowfen -pa ebin -eval 'marlowfen:start("OUT_DIR", "FEED", SECONDS, RELEASE_AT, IMPORT_AT)'
%% RELEASE_AT s in, release 7.3.1 is installed (logged; the ops API's routes only). IMPORT_AT s in, the supplier's
%% nightly catalogue feed (FEED) is imported by feed_importer: read in 1 MiB chunks (refc binaries) that it holds until
%% the whole file is checked, then dropped and garbage-collected.
-module(marlowfen).
-export([start/5]).

start(OutDir, Feed, Seconds, ReleaseAt, ImportAt) ->
    logger:notice("marlowfen 7.3.0 starting on ~s (OTP ~s)", [node(), erlang:system_info(otp_release)]),
    mf_probe:start(OutDir),
    order_book:start(),
    invoice_mailer:start(),
    feed_importer:start(),
    logger:notice("marlowfen up: order_book ~p, invoice_mailer ~p, feed_importer ~p",
                  [whereis(order_book), whereis(invoice_mailer), whereis(feed_importer)]),
    timer:sleep(ReleaseAt * 1000),
    logger:notice("release marlowfen 7.3.1 installed (relup: ops_api 2.4.0 -> 2.4.1, new /ops/pick-lists route), "
                  "no restart"),
    timer:sleep((ImportAt - ReleaseAt) * 1000),
    feed_importer:import(Feed),
    timer:sleep((Seconds - ImportAt) * 1000),
    logger:notice("marlowfen stopping"),
    mf_probe:flush(),
    init:stop().
