-module(meterhub_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, meterhub_sup}, ?MODULE, Dir).

init(Dir) ->
    W = fun(Id, M, A) -> #{id => Id, start => {M, start_link, A}, restart => permanent, shutdown => 5000} end,
    Children = [W(vm_telemetry, vm_telemetry, [Dir]),
                W(meter_registry, meter_registry, []),
                W(usage_rollup, usage_rollup, []),
                W(export_uploader, export_uploader, [])]
        ++ [W({meter_ingest, N}, meter_ingest, [N]) || N <- [1, 2, 3, 4]],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30}, Children}}.
