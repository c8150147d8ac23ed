-module(quillmere_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).
start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
init([]) ->
    W = fun(M) -> #{id => M, start => {M, start_link, []}, restart => permanent, shutdown => 2000, type => worker} end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60},
          [W(zone_rules), W(permit_check), W(plate_feed), W(tariff_report), W(mem_probe)]}}.
