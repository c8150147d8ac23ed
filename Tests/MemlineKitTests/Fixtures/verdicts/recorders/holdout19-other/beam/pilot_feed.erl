%% pilot_feed: the pilot-boat AIS feed client (gen_server, registered). Parses a frame every 250 ms and keeps the
%% last 200 positions. At CrashAt s it receives a malformed frame and crashes (badmatch); marlinquay_sup restarts
%% it, the new one reconnects and runs normally (it does not crash again).
-module(pilot_feed).
-behaviour(gen_server).
-export([start_link/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link(CrashAt) -> gen_server:start_link({local, pilot_feed}, ?MODULE, CrashAt, []).

init(CrashAt) ->
    Boot = case persistent_term:get(pilot_feed_boot, undefined) of
               undefined -> persistent_term:put(pilot_feed_boot, erlang:monotonic_time(millisecond)), first;
               _ -> restarted
           end,
    erlang:send_after(250, self(), frame),
    {ok, #{crash_at => CrashAt, boot => Boot, recent => []}}.

handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.

handle_info(frame, S = #{crash_at := C, boot := Boot, recent := R}) ->
    Up = (erlang:monotonic_time(millisecond) - persistent_term:get(pilot_feed_boot)) div 1000,
    Frame = case Boot =:= first andalso Up >= C of
                true -> <<"!AIVDM,1,1,,B,">>;
                false -> <<"!AIVDM,1,1,,A,15M67FC000G?ufbE`FepT@3n00Sa,0*5C">>
            end,
    <<"!AIVDM,1,1,,", _Ch, ",", Payload:28/binary, _/binary>> = Frame,
    erlang:send_after(250, self(), frame),
    {noreply, S#{recent := lists:sublist([Payload | R], 200)}}.
