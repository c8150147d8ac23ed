%% berth_sweeper: every 15 s removes expired holds from berth_holds (a job that runs during the growth).
-module(berth_sweeper).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> erlang:send_after(15000, self(), sweep), {ok, 0}.
handle_call(_, _, S) -> {reply, S, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(sweep, N) ->
    Now = erlang:system_time(microsecond),
    Expired = ets:select(berth_holds, [{{'$1', '_', '$2'}, [{'<', '$2', Now + 30 * 3600000000}], ['$1']}]),
    logger:info("berth_sweeper run=~b expired=~b", [N + 1, length(Expired)]),
    erlang:send_after(15000, self(), sweep),
    {noreply, N + 1}.
