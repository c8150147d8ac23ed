%% door_feed: the lockers' firmware feed, ~1,100 door events/s from 900 lockers; each event also refreshes the
%% parcel in parcel_cache. At GlitchAt s one locker reports an empty id (firmware 2.0.9 glitch).
-module(door_feed).
-export([start_link/0, glitch_at/1, init/0]).
start_link() -> {ok, spawn_link(?MODULE, init, [])}.
glitch_at(S) -> persistent_term:put(door_glitch_at, erlang:monotonic_time(millisecond) + S * 1000).
init() -> register(door_feed, self()), loop(0).
loop(Seq) ->
    Glitch = persistent_term:get(door_glitch_at, infinity),
    Now = erlang:monotonic_time(millisecond),
    case Now > Glitch of
        true -> persistent_term:put(door_glitch_at, infinity),
                logger:warning("door_feed: locker frame without id from gateway gw-3 (firmware 2.0.9)"),
                locker_presence:door(<<>>, Seq, opened, <<"fw=2.0.9;id=">>);
        false -> ok
    end,
    [begin
         L = 1 + rand:uniform(900),
         Locker = iolist_to_binary(io_lib:format("LK~2..0b-~4..0b", [L rem 40, L])),
         Ev = case (Seq + I) rem 2 of 0 -> opened; 1 -> closed end,
         Raw = iolist_to_binary(io_lib:format("fw=2.0.9;lk=~s;ev=~s;seq=~b;rssi=-~b;batt=~b;door=~b;tamper=0;"
                                              "temp=~b;hum=~b;crc=~8.16.0b", [Locker, Ev, Seq + I, rand:uniform(90),
                                              rand:uniform(100), rand:uniform(4), rand:uniform(30), rand:uniform(99),
                                              rand:uniform(16#ffffffff)])),
         locker_presence:door(Locker, Seq + I, Ev, Raw),
         parcel_cache:put(Locker, Seq + I)
     end || I <- lists:seq(0, 21)],
    timer:sleep(20),
    loop(Seq + 22).
