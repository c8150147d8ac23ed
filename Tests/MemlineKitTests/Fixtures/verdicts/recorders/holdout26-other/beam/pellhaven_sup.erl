-module(pellhaven_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).

start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).

init([]) ->
    Child = fun(M) -> #{id => M, start => {M, start_link, []}, restart => permanent,
                        shutdown => 2000, type => worker, modules => [M]} end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60},
          [Child(fare_table), Child(trip_matcher), Child(gps_ingest), Child(manifest_exporter)]}}.
