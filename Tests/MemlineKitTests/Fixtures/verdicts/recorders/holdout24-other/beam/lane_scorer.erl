%% lane_scorer: every 300 ms scores 12 dock lanes from a freshly built ~60k-element list of candidate moves
%% (garbage-heavy, the busiest process by reductions; keeps only the 12 scores).
-module(lane_scorer).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    erlang:send_after(300, self(), rescore),
    {ok, #{scores => [], rounds => 0}}.

handle_call(scores, _From, S = #{scores := Sc}) -> {reply, Sc, S}.
handle_cast(_, S) -> {noreply, S}.

handle_info(rescore, S = #{rounds := R}) ->
    Moves = [{rand:uniform(12), rand:uniform(1000), [rand:uniform(50) || _ <- lists:seq(1, 4)]}
             || _ <- lists:seq(1, 60000)],
    Sorted = lists:keysort(2, Moves),
    Scores = [{Lane, lists:sum([W || {L, W, _} <- Sorted, L =:= Lane])} || Lane <- lists:seq(1, 12)],
    case R rem 50 of
        0 -> logger:info("lane_scorer: round ~b, ~b candidate moves scored", [R, length(Moves)]);
        _ -> ok
    end,
    erlang:send_after(300, self(), rescore),
    {noreply, S#{scores := Scores, rounds := R + 1}}.
