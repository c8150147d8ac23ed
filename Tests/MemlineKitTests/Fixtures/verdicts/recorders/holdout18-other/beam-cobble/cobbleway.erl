%% cobbleway 4.2: a parcel-scan ledger node for memline's h18-beam-* incident (OTP 25, plain registered processes).
%%   erl -noshell -sname cobbleway -pa ebin -eval 'cobbleway:start("OUT_DIR", SECONDS, DEPLOY_AT)'
%% DEPLOY_AT s in (0: never), release 4.2.1 is hot-loaded (label_render only) and logged. A node that finds a
%% scan journal left by the previous one replays it first (journal_replay, a process that stays to serve lookups).
-module(cobbleway).
-export([start/3]).

start(OutDir, Seconds, DeployAt) ->
    logger:notice("cobbleway 4.2.0 booting on ~s (OTP ~s, erts ~s)",
                  [node(), erlang:system_info(otp_release), erlang:system_info(version)]),
    Journal = filename:join(OutDir, "scan.journal"),
    case filelib:is_regular(Journal) of
        true -> journal_replay:start(Journal);
        false -> ok
    end,
    file:write_file(Journal, <<"open\n">>),
    cw_probe:start(OutDir),
    route_atlas:start(),
    scan_ledger:start(),
    courier_presence:start(),
    depot_feed:start(),
    logger:notice("cobbleway up: 14 depots, scan_ledger ~p, route_atlas ~p",
                  [whereis(scan_ledger), whereis(route_atlas)]),
    case DeployAt of
        0 -> timer:sleep(Seconds * 1000);
        _ ->
            timer:sleep(DeployAt * 1000),
            logger:notice("deploy: release cobbleway 4.2.1 installed by relup (label_render 1.8.0 -> 1.9.0, "
                          "zpl templates for the new Zebra ZD621 printers), no restart"),
            timer:sleep((Seconds - DeployAt) * 1000)
    end,
    logger:notice("cobbleway stopping"),
    init:stop().
