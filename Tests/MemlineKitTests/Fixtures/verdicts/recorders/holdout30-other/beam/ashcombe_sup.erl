-module(ashcombe_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).
start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).
init([]) ->
    W = fun(M) -> #{id => M, start => {M, start_link, []}, restart => permanent, shutdown => 2000} end,
    {ok, {#{strategy => one_for_one, intensity => 10, period => 60},
          [W(article_cache), W(ticket_intake), W(queue_tally), W(archive_sweeper)]}}.
