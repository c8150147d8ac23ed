%% Top supervisor: node_probe, then the services (one_for_one), then storefront_sup with the request loops.
-module(shopnode_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, shopnode_sup}, ?MODULE, {top, Dir}).

init({top, Dir}) ->
    Children =
        [#{id => node_probe, start => {node_probe, start_link, [filename:join(Dir, "erlang_top.txt")]}},
         #{id => price_cache, start => {price_cache, start_link, []}},
         #{id => mailer, start => {mailer, start_link, []}},
         #{id => campaign, start => {campaign, start_link, []}},
         #{id => report_worker, start => {report_worker, start_link, []}},
         #{id => feed_poller, start => {feed_poller, start_link, []}},
         #{id => storefront_sup, type => supervisor,
           start => {supervisor, start_link, [{local, storefront_sup}, ?MODULE, storefront]}}],
    {ok, {#{strategy => one_for_one, intensity => 20, period => 60}, Children}};
init(storefront) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10},
          [#{id => {storefront, I}, start => {storefront, start_link, [I]}} || I <- lists:seq(1, 8)]}}.
