-module(corvane_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).
start_link() -> supervisor:start_link({local, corvane_sup}, ?MODULE, []).
init([]) ->
    W = fun(M) -> #{id => M, start => {M, start_link, []}, restart => permanent, shutdown => 2000, type => worker} end,
    {ok, {#{strategy => one_for_one, intensity => 2, period => 20},
          [W(track_assembler), W(radar_feed), W(uplink_guard), W(alarm_relay)]}}.
