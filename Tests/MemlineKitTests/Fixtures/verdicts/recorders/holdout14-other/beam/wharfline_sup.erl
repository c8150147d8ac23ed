%% wharfline_sup: one_for_one over the probe, the tariff book, the crane planner, the berth event router and the AIS
%% listener (started last: it feeds the router).
-module(wharfline_sup).
-behaviour(application).
-behaviour(supervisor).
-export([start/2, stop/1, init/1]).

start(_, _) -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
stop(_) -> ok.

init([]) ->
    {ok, Dir} = application:get_env(wharfline, out_dir),
    W = fun(Id, Args) -> #{id => Id, start => {Id, start_link, Args}} end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30},
          [W(wl_probe, [Dir]), W(tariff_book, []), W(crane_planner, []), W(berth_event_router, []), W(ais_listener, [])]}}.
