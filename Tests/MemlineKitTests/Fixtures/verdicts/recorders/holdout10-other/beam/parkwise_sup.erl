-module(parkwise_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, parkwise_sup}, ?MODULE, Dir).

init(Dir) ->
    W = fun(Id, M, A) -> #{id => Id, start => {M, start_link, A}, restart => permanent, shutdown => 5000} end,
    Children = [W(pw_probe, pw_probe, [Dir]),
                W(tariff_calc, tariff_calc, []),
                W(session_registry, session_registry, []),
                W(anpr_ingest, anpr_ingest, []),
                W(camera_hub, camera_hub, []),
                W(gate_api, gate_api, [])],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30}, Children}}.
