%% session_registry: the parking sessions of every gate (entry scan to exit payment). A gen_server whose state is a
%% map keyed by session token. The expiry sweep (every 5 s) is meant to drop sessions closed or older than 12 h, but
%% it compares the entry time in native units (ns) with a cutoff in seconds: nothing is ever expired.
-module(session_registry).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) -> erlang:send_after(5000, self(), sweep), {ok, #{}}.

handle_call(count, _From, M) -> {reply, map_size(M), M}.

handle_cast({open, Token, Gate, Plate}, M) ->
    Ticket = [{gate, Gate}, {plate, Plate}, {entered, erlang:system_time()},
              {tariff_steps, [{S, 0.5 * S, eur} || S <- lists:seq(1, 12)]}],
    {noreply, M#{Token => Ticket}};
handle_cast({close, Token}, M) ->
    %% exit payment: the session is marked paid, to be swept later
    case M of #{Token := T} -> {noreply, M#{Token => [{paid, true} | T]}}; _ -> {noreply, M} end.

handle_info(sweep, M) ->
    Cutoff = erlang:system_time(second) - 12 * 3600,
    M1 = maps:filter(fun(_, T) -> proplists:get_value(entered, T) > Cutoff end, M),
    erlang:send_after(5000, self(), sweep),
    {noreply, M1}.
