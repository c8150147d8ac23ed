%% article_cache: help-centre articles in ETS, refreshed in place; bounded at 24,000 rows (one per article id).
-module(article_cache).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) ->
    ets:new(kb_articles, [named_table, set, public, {read_concurrency, true}]),
    self() ! refresh,
    {ok, 0}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(refresh, N) ->
    [ets:insert(kb_articles, {Id, N, list_to_binary(io_lib:format("article ~b rev ~b: ~s", [Id, N, lists:duplicate(380, $a)]))})
     || Id <- lists:seq(1, 24000)],
    logger:info("article_cache refresh ~b: ~b articles", [N, ets:info(kb_articles, size)]),
    erlang:send_after(25000, self(), refresh),
    {noreply, N + 1}.
