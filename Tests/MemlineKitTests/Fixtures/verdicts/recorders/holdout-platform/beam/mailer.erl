%% mailer: delivers e-mails cast to it, ~12k/s at most; campaign bursts 45k into its mailbox every ~25 s and it
%% drains them in a few seconds; hibernate_after (1 s) shrinks it back once idle.
-module(mailer).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, mailer}, ?MODULE, [], [{hibernate_after, 1000}]).

init([]) -> {ok, #{sent => 0}}.

handle_cast({deliver, To, Subject, Body}, S = #{sent := N}) ->
    _ = erlang:md5([To, Subject, Body]),
    case N rem 12 of 0 -> timer:sleep(1); _ -> ok end,
    N1 = N + 1,
    case N1 rem 15000 of 0 -> logger:info("mailer: ~b mails delivered", [N1]); _ -> ok end,
    {noreply, S#{sent := N1}}.

handle_call(stats, _From, S) -> {reply, S, S}.

handle_info(_, S) -> {noreply, S}.
