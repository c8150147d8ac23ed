%% rating_rules: the pure rating function, a library module called by rating_engine (no process of its own).
%% Replaced by the 1.12.1 hot code upgrade (RATING_VSN, rounding rule for sub-minute calls).
-module(rating_rules).
-export([rate/1, version/0]).
-ifndef(RATING_VSN).
-define(RATING_VSN, "1.12.0").
-endif.
-ifndef(MIN_UNIT).
-define(MIN_UNIT, 60).
-endif.

version() -> ?RATING_VSN.

rate(#{seq := Seq, dur := Dur}) ->
    Key = 1 + Seq rem 320000,
    case ets:lookup(tariffs, Key) of
        [{_, _Prefix, {eur, Peak, Unit, _}, _Off, _Plan}] ->
            Units = max(1, (max(Dur, ?MIN_UNIT) + Unit - 1) div Unit),
            Units * Peak;
        [] -> 0
    end.
