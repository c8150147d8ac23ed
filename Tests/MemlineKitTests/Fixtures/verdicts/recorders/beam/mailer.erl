%% mailer: delivers e-mails cast to it; the newsletter job dumps a burst of 60k deliveries into its
%% mailbox every ~20 s, which it drains at ~9k/s (the queue spikes and empties; hibernate_after 1 s
%% shrinks its heap once it is idle again).
-module(mailer).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_cast/2, handle_call/3, handle_info/2]).

start_link() -> gen_server:start_link({local, mailer}, ?MODULE, [], [{hibernate_after, 1000}]).

init([]) -> {ok, #{sent => 0}}.

handle_cast({deliver, To, Subject, Body}, S = #{sent := N}) ->
    _ = erlang:phash2({To, Subject, Body}),
    case N rem 20 of 0 -> timer:sleep(1); _ -> ok end,
    N1 = N + 1,
    case N1 rem 20000 of 0 -> logger:info("mailer: ~b messages delivered", [N1]); _ -> ok end,
    {noreply, S#{sent := N1}}.

handle_call(stats, _From, S) -> {reply, S, S}.

handle_info(_, S) -> {noreply, S}.
