%% customs_poller: polls the customs release API for holds every 2 s; the API times out often at night and the
%% poller does not handle it ({ok, _} = ... badmatch), so it crashes every few polls and quayline_sup restarts it.
-module(customs_poller).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, customs_poller}, ?MODULE, [], []).

init([]) ->
    erlang:send_after(2000, self(), poll),
    {ok, #{polls => 0}}.

handle_info(poll, #{polls := P} = St) ->
    {ok, Holds} = fetch_holds(),
    erlang:send_after(2000, self(), poll),
    {noreply, St#{polls := P + 1, holds => Holds}}.

fetch_holds() ->
    timer:sleep(100 + rand:uniform(300)),
    case rand:uniform(2) of
        1 -> {error, {timeout, "customs-api.port.internal:443"}};
        _ -> {ok, [{hold, N} || N <- lists:seq(1, rand:uniform(30))]}
    end.

handle_call(_, _From, St) -> {reply, ok, St}.
handle_cast(_, St) -> {noreply, St}.
