%% sms_relay: sends pickup codes every 400 ms; the gateway answers {error, throttled} once CRASH_AT ms after
%% node start and the badmatch crashes the relay (the supervisor restarts it).
-module(sms_relay).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    erlang:send_after(400, self(), send),
    {ok, #{sent => 0}}.

gateway(N) ->
    {ok, CrashAt} = application:get_env(gorsemere, sms_crash_at),
    {T, _} = erlang:statistics(wall_clock),
    case T >= CrashAt andalso persistent_term:get(sms_crashed, false) =:= false of
        true -> persistent_term:put(sms_crashed, true), {error, throttled};
        false -> {ok, N}
    end.

handle_info(send, S = #{sent := N}) ->
    {ok, _} = gateway(N),
    erlang:send_after(400, self(), send),
    {noreply, S#{sent := N + 1}}.

handle_call(_, _From, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
