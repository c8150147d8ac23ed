%% tollgate_sup: one_for_one over the probe, toll_rates, receipt_mailer, plaza_events and lane_gateway (last: it feeds
%% plaza_events).
-module(tollgate_sup).
-behaviour(application).
-behaviour(supervisor).
-export([start/2, stop/1, init/1]).

start(_, _) -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
stop(_) -> ok.

init([]) ->
    {ok, Dir} = application:get_env(tollgate, out_dir),
    W = fun(Id, Args) -> #{id => Id, start => {Id, start_link, Args}} end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30},
          [W(tg_probe, [Dir]), W(toll_rates, []), W(receipt_mailer, []), W(plaza_events, []), W(lane_gateway, [Dir])]}}.
