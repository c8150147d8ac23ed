-module(switchyard_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, switchyard_sup}, ?MODULE, Dir).

init(Dir) ->
    W = fun(Id, M, A) -> #{id => Id, start => {M, start_link, A}, restart => permanent, shutdown => 5000} end,
    Children = [W(sw_probe, sw_probe, [Dir]),
                W(tariff_store, tariff_store, []),
                W(rating_engine, rating_engine, []),
                W(fraud_scorer, fraud_scorer, []),
                W(cdr_reader, cdr_reader, [])],
    {ok, {#{strategy => rest_for_one, intensity => 3, period => 60}, Children}}.
