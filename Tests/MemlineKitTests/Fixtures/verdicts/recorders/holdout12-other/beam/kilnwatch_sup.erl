-module(kilnwatch_sup).
-behaviour(supervisor).
-behaviour(application).
-export([start/2, stop/1, start_link/0, init/1]).

start(_, _) -> start_link().
stop(_) -> ok.

start_link() -> supervisor:start_link({local, kilnwatch_sup}, ?MODULE, []).

init([]) ->
    {ok, Dir} = application:get_env(kilnwatch, out_dir),
    Kids = [#{id => kw_sampler, start => {kw_sampler, start_link, [Dir]}},
            #{id => firing_schedule, start => {firing_schedule, start_link, []}},
            #{id => image_archiver, start => {image_archiver, start_link, []}},
            #{id => zone_tracker, start => {zone_tracker, start_link, []}},
            #{id => thermo_ingest, start => {thermo_ingest, start_link, []}}],
    {ok, {#{strategy => rest_for_one, intensity => 3, period => 30}, Kids}}.
