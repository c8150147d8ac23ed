-module(signalpost_sup).
-behaviour(supervisor).
-behaviour(application).
-export([start/2, stop/1, start_link/0, init/1]).

start(_, _) -> start_link().
stop(_) -> ok.

start_link() -> supervisor:start_link({local, signalpost_sup}, ?MODULE, []).

init([]) ->
    {ok, Dir} = application:get_env(signalpost, out_dir),
    Kids = [#{id => sp_sampler, start => {sp_sampler, start_link, [Dir]}},
            #{id => interlocking_map, start => {interlocking_map, start_link, []}},
            #{id => route_lock_journal, start => {route_lock_journal, start_link, []}},
            #{id => axle_counter_feed, start => {axle_counter_feed, start_link, []}},
            #{id => track_circuit_poller, start => {track_circuit_poller, start_link, []}}],
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60}, Kids}}.
