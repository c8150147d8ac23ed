%% sandwick 4.2.0: parcel-locker gateway. Starts sandwick_sup, feeds locker acks and label requests for Seconds s,
%% hot-upgrades label_batcher to 4.2.1 at UpgradeAt s (the release the on-call notes blame), then stops.
-module(sandwick).
-export([start/2, lockers/1, counter/0]).

start(Seconds, UpgradeAt) ->
    logger:notice("sandwick 4.2.0 starting on ~p (OTP ~s, erts ~s)",
                  [node(), erlang:system_info(otp_release), erlang:system_info(version)]),
    {ok, _} = sandwick_sup:start_link(),
    spawn_link(?MODULE, lockers, [0]),
    timer:sleep(UpgradeAt * 1000),
    upgrade(),
    timer:sleep((Seconds - UpgradeAt) * 1000),
    logger:notice("sandwick stopping (ops request)"),
    timer:sleep(200),
    init:stop().

%% release_handler-style soft upgrade of one module: suspend, load, change_code, resume.
upgrade() ->
    logger:notice("release 4.2.1: soft upgrade of label_batcher (vsn 4.2.0 -> 4.2.1), appup [{update, label_batcher, {advanced, []}}]"),
    ok = sys:suspend(label_batcher),
    code:purge(label_batcher),
    {module, label_batcher} = code:load_file(label_batcher),
    ok = sys:change_code(label_batcher, label_batcher, "4.2.0", []),
    ok = sys:resume(label_batcher),
    logger:notice("release 4.2.1 installed; label_batcher running new code").

%% ~700 locker acks/s (each locker door event is acked once, ack ids are unique) and a label request now and then.
lockers(N) ->
    [ack_dedupe:ack(<<"LK", (integer_to_binary(1000 + (N * 7 + K) rem 860))/binary>>, N * 7 + K,
                    #{door => (N + K) rem 24, event => lists:nth(1 + K rem 3, [opened, closed, parcel_in]),
                      fw => <<"lk-fw 3.18.2">>, sig => crypto:strong_rand_bytes(32)})
     || K <- lists:seq(0, 6)],
    case N rem 25 of 0 -> label_batcher:request(N); _ -> ok end,
    timer:sleep(10),
    lockers(N + 1).

counter() -> ok.
