%% lane_sup: one_for_all over trip_matcher and lane_reader: when the reader dies the matcher is restarted too
%% (its pending entries are meant to be re-read from the gantry spool).
-module(lane_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).

start_link() -> supervisor:start_link({local, lane_sup}, ?MODULE, []).

init([]) ->
    W = fun(Id, M) -> #{id => Id, start => {M, start_link, []}, restart => permanent, shutdown => 5000} end,
    {ok, {#{strategy => one_for_all, intensity => 3, period => 60}, [W(trip_matcher, trip_matcher),
                                                                      W(lane_reader, lane_reader)]}}.
