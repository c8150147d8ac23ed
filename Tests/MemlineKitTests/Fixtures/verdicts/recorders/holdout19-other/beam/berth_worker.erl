%% berth_worker: one of 8 pool members (unnamed gen_servers, initial call berth_worker:init/1). Each keeps the
%% current berth plan of the vessels routed to it (a bounded map: a vessel's entry is replaced by its next event).
%% {position, ...}: update the vessel's ETA. {departed, ...}: drop the vessel.
%% {cargo_amend, ...}: since 5.3.0 an amendment is held in `pending` until the carrier's {amend_ack, Ref} arrives;
%% the ack's clause matches on the vessel id but the carrier sends the call sign, so the clause never matches and
%% every amendment (its manifest delta, ~6-14 KB of terms) stays in the state: the leak. Only one carrier sends
%% amendments, and the router sends each carrier to one worker.
-module(berth_worker).
-behaviour(gen_server).
-export([start_link/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link(N) -> gen_server:start_link(?MODULE, N, []).

init(N) -> {ok, #{slot => N, plan => #{}, pending => #{}, seen => 0}}.

handle_call(stats, _From, S) -> {reply, maps:size(maps:get(plan, S)), S}.

handle_cast({position, Vessel, Eta, Berth}, S = #{plan := P, seen := K}) ->
    {noreply, S#{plan := P#{Vessel => {Eta, Berth}}, seen := K + 1}};
handle_cast({departed, Vessel}, S = #{plan := P}) ->
    {noreply, S#{plan := maps:remove(Vessel, P)}};
handle_cast({cargo_amend, Vessel, Ref, Delta}, S = #{pending := Pd}) ->
    {noreply, S#{pending := Pd#{Ref => {Vessel, Delta}}}};
handle_cast({amend_ack, Vessel, Ref}, S = #{pending := Pd}) ->
    case maps:get(Ref, Pd, undefined) of
        {Vessel, _} -> {noreply, S#{pending := maps:remove(Ref, Pd)}};
        _ -> {noreply, S}
    end.

handle_info(_, S) -> {noreply, S}.
