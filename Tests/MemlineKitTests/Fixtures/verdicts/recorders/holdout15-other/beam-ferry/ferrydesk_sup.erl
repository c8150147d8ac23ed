%% ferrydesk_sup: one_for_one over the probe, seat_map, fare_quote_cache, manifest_builder and booking_api (last: it
%% calls fare_quote_cache).
-module(ferrydesk_sup).
-behaviour(application).
-behaviour(supervisor).
-export([start/2, stop/1, init/1]).

start(_, _) -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
stop(_) -> ok.

init([]) ->
    {ok, Dir} = application:get_env(ferrydesk, out_dir),
    W = fun(Id, Args) -> #{id => Id, start => {Id, start_link, Args}} end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 30},
          [W(fd_probe, [Dir]), W(seat_map, []), W(fare_quote_cache, []), W(manifest_builder, []), W(booking_api, [])]}}.
