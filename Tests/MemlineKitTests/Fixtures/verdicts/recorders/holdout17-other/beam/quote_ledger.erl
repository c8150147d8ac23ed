%% quote_ledger: prices a charging session tick and memoises the quote in the public ETS table quote_memo, keyed by
%% {Station, Connector, SessionId, Minute}. Since 2.7.0 the key carries the session id and the minute, so nothing is
%% ever hit twice and the "expiry" sweep only removes entries of sessions that ended, which the hub never reports:
%% the table grows without bound. The owner's own heap stays small: the rows live in ETS.
-module(quote_ledger).
-export([start/0, init/0, quote/5]).

start() ->
    Me = self(),
    Pid = spawn(fun() -> init0(Me) end),
    receive {ready, Pid} -> ok end,
    Pid.

init0(Parent) ->
    register(quote_ledger, self()),
    ets:new(quote_memo, [named_table, set, public]),
    ets:new(tariff_bands, [named_table, set, protected, {read_concurrency, true}]),
    [ets:insert(tariff_bands, {B, 0.29 + B * 0.01, 0.12, <<"band-", (integer_to_binary(B))/binary>>}) || B <- lists:seq(1, 48)],
    Parent ! {ready, self()},
    init().

init() -> loop(0).

quote(Station, Connector, Session, Kwh, Minute) ->
    quote_ledger ! {quote, Station, Connector, Session, Kwh, Minute}.

loop(N) ->
    receive
        {quote, St, Co, Se, Kwh, Min} ->
            Key = {St, Co, Se, Min},
            case ets:lookup(quote_memo, Key) of
                [_] -> ok;
                [] ->
                    [{_, Rate, Fee, Name}] = ets:lookup(tariff_bands, 1 + (St rem 48)),
                    Breakdown = [{slot, I, Kwh * Rate / 12, Fee} || I <- lists:seq(1, 12)],
                    Audit = binary:copy(<<"t=", Name/binary, ";">>, 5),
                    ets:insert(quote_memo, {Key, Kwh * Rate + Fee, Breakdown, Audit})
            end,
            case (N + 1) rem 5000 of
                0 -> logger:info("quote_ledger: ~b quotes priced", [N + 1]);
                _ -> ok
            end,
            loop(N + 1);
        {sweep, Ended} ->
            [ets:match_delete(quote_memo, {{'_', '_', S, '_'}, '_', '_', '_'}) || S <- Ended],
            loop(N)
    end.
