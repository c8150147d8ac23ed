-module(ferrymark_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, ferrymark_sup}, ?MODULE, Dir).

init(Dir) ->
    W = fun(Id, M, A) -> #{id => Id, start => {M, start_link, A}, restart => permanent, shutdown => 5000} end,
    Children = [W(ferry_probe, ferry_probe, [Dir]),
                W(berth_map, berth_map, []),
                W(fare_quote_memo, fare_quote_memo, []),
                W(sms_fanout, sms_fanout, []),
                W(departure_clock, departure_clock, []),
                W(booking_api, booking_api, [])],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30}, Children}}.
