-module(ropewalk_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).
start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
init([]) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60},
          [#{id => hold_ledger, start => {hold_ledger, start_link, []}},
           #{id => manifest_builder, start => {manifest_builder, start_link, []}},
           #{id => berth_sweeper, start => {berth_sweeper, start_link, []}}]}}.
