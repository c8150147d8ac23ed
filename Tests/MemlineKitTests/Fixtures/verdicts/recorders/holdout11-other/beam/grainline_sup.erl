-module(grainline_sup).
-behaviour(supervisor).
-behaviour(application).
-export([start/2, stop/1, start_link/0, init/1]).

start(_, _) -> start_link().
stop(_) -> ok.

start_link() -> supervisor:start_link({local, grainline_sup}, ?MODULE, []).

init([]) ->
    {ok, Dir} = application:get_env(grainline, out_dir),
    Kids = [#{id => gl_probe, start => {gl_probe, start_link, [Dir]}},
            #{id => silo_catalog, start => {silo_catalog, start_link, []}},
            #{id => assay_pool, start => {assay_pool, start_link, []}},
            #{id => probe_router, start => {probe_router, start_link, []}},
            #{id => moisture_feed, start => {moisture_feed, start_link, []}}],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10}, Kids}}.
