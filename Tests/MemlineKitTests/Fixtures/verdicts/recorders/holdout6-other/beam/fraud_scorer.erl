%% fraud_scorer: every 13-16 s scores a sliding window of recent traffic: builds 450k {Seq, CallerHash, Score}
%% tuples on its heap, sorts them and flags the top scores, then hibernates (heap back to a few hundred words).
%% Replaced by the 1.12.1 hot code upgrade (code_change/3 sets the new threshold).
-module(fraud_scorer).
-behaviour(gen_server).
-export([start_link/0, version/0, init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3]).
-ifndef(SCORER_VSN).
-define(SCORER_VSN, "1.12.0").
-endif.
-ifndef(THRESHOLD).
-define(THRESHOLD, 0.985).
-endif.

start_link() -> gen_server:start_link({local, fraud_scorer}, ?MODULE, [], []).

version() -> ?SCORER_VSN.

init([]) ->
    erlang:send_after(7000, self(), score),
    {ok, #{window => 1, threshold => ?THRESHOLD}, hibernate}.

handle_info(score, #{window := W, threshold := Th} = S) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = [{I, erlang:phash2({W, I}, 1 bsl 27), (erlang:phash2({I, W}, 1000000) / 1000000)}
            || I <- lists:seq(1, 450000)],
    Sorted = lists:reverse(lists:keysort(3, Rows)),
    Flagged = length(lists:takewhile(fun({_, _, Sc}) -> Sc >= Th end, Sorted)),
    timer:sleep(1200),
    logger:info("fraud_scorer: window ~b scored ~b cdrs in ~b ms, ~b flagged (threshold ~.3f)",
                [W, length(Rows), erlang:monotonic_time(millisecond) - T0, Flagged, Th]),
    erlang:send_after(13000 + rand:uniform(3000), self(), score),
    {noreply, S#{window := W + 1}, hibernate}.

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.

code_change(OldVsn, S, _Extra) ->
    logger:info("fraud_scorer: code_change from ~s to ~s, threshold ~.3f", [OldVsn, ?SCORER_VSN, ?THRESHOLD]),
    {ok, S#{threshold := ?THRESHOLD}}.
