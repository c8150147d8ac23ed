-module(hexmoor_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).
start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
init([]) ->
    W = fun(M) -> #{id => M, start => {M, start_link, []}, restart => permanent, shutdown => 2000} end,
    {ok, {#{strategy => one_for_one, intensity => 12, period => 60},
          [W(parcel_cache), W(locker_presence), W(courier_sync), W(slot_planner), W(mem_probe), W(door_feed)]}}.
