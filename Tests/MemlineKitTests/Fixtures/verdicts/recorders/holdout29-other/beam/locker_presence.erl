%% locker_presence: tracks door open/close events per locker until the courier app acks them. Every event is
%% kept in pending under {Locker, Seq}; acks delete {Seq, Locker} (keys swapped), so nothing is ever removed.
-module(locker_presence).
-behaviour(gen_server).
-export([start_link/0, door/4, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
door(Locker, Seq, Event, Raw) -> gen_server:cast(?MODULE, {door, Locker, Seq, Event, Raw}).

init([]) ->
    logger:info("locker_presence up ~p", [self()]),
    erlang:send_after(10000, self(), stats),
    {ok, #{pending => #{}, events => 0, acks => 0}}.

handle_call(_, _, S) -> {reply, ok, S}.

handle_cast({door, Locker, Seq, Event, Raw}, S = #{pending := P, events := N, acks := A}) ->
    <<"LK", _Site:2/binary, "-", _/binary>> = Locker,   % firmware ids look like LK07-0412
    P1 = P#{{Locker, Seq} => {Event, erlang:system_time(millisecond), binary:copy(binary:part(Raw, 0, 48))}},
    case Event of
        closed ->
            %% the courier app acks the open event when the door closes again
            {noreply, S#{pending := maps:remove({Seq - 1, Locker}, P1), events := N + 1, acks := A + 1}};
        _ ->
            {noreply, S#{pending := P1, events := N + 1}}
    end.

handle_info(stats, S = #{events := N, acks := A}) ->
    logger:info("locker_presence door_events=~b acks=~b", [N, A]),
    erlang:send_after(10000, self(), stats),
    {noreply, S}.
