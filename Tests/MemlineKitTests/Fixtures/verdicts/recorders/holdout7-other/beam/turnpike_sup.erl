-module(turnpike_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, turnpike_sup}, ?MODULE, Dir).

init(Dir) ->
    W = fun(Id, M, A) -> #{id => Id, start => {M, start_link, A}, restart => permanent, shutdown => 5000} end,
    Children = [W(ops_probe, ops_probe, [Dir]),
                W(plate_registry, plate_registry, []),
                W(invoice_batcher, invoice_batcher, []),
                #{id => lane_sup, start => {lane_sup, start_link, []}, restart => permanent,
                  shutdown => infinity, type => supervisor}],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60}, Children}}.
