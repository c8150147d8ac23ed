%% routing_sup: one_for_one over the quoting services, the API acceptor pool and the exporters.
-module(routing_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, routing_sup}, ?MODULE, Dir).

init(Dir) ->
    Children =
        [#{id => proc_exporter, start => {proc_exporter, start_link, [filename:join(Dir, "proc_top.jsonl")]}},
         #{id => geo_index, start => {geo_index, start_link, []}},
         #{id => quote_memo, start => {quote_memo, start_link, []}},
         #{id => audit_shipper, start => {audit_shipper, start_link, []}},
         #{id => tracking_poller, start => {tracking_poller, start_link, []}},
         #{id => partner_feed, start => {partner_feed, start_link, []}}]
        ++ [#{id => {api_conn, I}, start => {api_conn, start_link, [I]}} || I <- lists:seq(1, 6)],
    {ok, {#{strategy => one_for_one, intensity => 10, period => 60}, Children}}.
