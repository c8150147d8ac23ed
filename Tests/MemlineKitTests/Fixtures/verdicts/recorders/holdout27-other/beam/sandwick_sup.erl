-module(sandwick_sup).
-behaviour(supervisor).
-export([start_link/0, init/1]).

start_link() -> supervisor:start_link({local, ?MODULE}, ?MODULE, []).

init([]) ->
    Child = fun(M) -> #{id => M, start => {M, start_link, []}} end,
    {ok, {#{strategy => one_for_one, intensity => 5, period => 60},
          [Child(ack_dedupe), Child(label_batcher), Child(locker_audit)]}}.
