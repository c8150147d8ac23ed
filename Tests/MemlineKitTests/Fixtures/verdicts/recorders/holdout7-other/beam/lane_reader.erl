%% lane_reader: reads gantry frames (entry and exit reads of a plate) and casts them to trip_matcher:
%% ~1,100 entries/s; in leak mode ~16% of vehicles leave by the unmonitored ramp at km 41 and never produce an exit
%% read; in healthy mode every vehicle exits. At crash_at (once per node, first incarnation only) a frame with a
%% truncated plate field arrives and parse_frame/1 has no clause for it: the reader crashes (function_clause).
-module(lane_reader).
-export([start_link/0, init/1]).

start_link() -> proc_lib:start_link(?MODULE, init, [self()]).

init(Parent) ->
    register(lane_reader, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    {ok, Mode} = application:get_env(turnpike, mode),
    {ok, CrashAt} = application:get_env(turnpike, crash_at),
    Crash = case persistent_term:get(lane_reader_crashed, false) of
                true -> never;
                false -> erlang:monotonic_time(millisecond) + CrashAt * 1000 - started_ms()
            end,
    Seq0 = persistent_term:get(lane_reader_seq, 1),
    logger:info("lane_reader: gantry spool opened at frame ~b (gantries G38-G44, 6 lanes)", [Seq0]),
    loop(Seq0, Mode, Crash, erlang:monotonic_time(millisecond), []).

started_ms() ->
    case persistent_term:get(turnpike_t0, undefined) of
        undefined -> T = erlang:monotonic_time(millisecond), persistent_term:put(turnpike_t0, T), 0;
        T -> erlang:monotonic_time(millisecond) - T
    end.

%% every 20 ms: 22 entry frames, and the exit frames of the vehicles that entered 0.3-1.0 s ago
loop(Seq, Mode, Crash, Next, Pending) ->
    Now = erlang:monotonic_time(millisecond),
    case Crash =/= never andalso Now >= Crash of
        true ->
            persistent_term:put(lane_reader_crashed, true),
            persistent_term:put(lane_reader_seq, Seq),
            parse_frame({frame, Seq, gantry_g41, lane_3, <<"BX-">>});
        false -> ok
    end,
    Entries = [parse_frame({frame, S, gantry(S), lane(S), plate(S)}) || S <- lists:seq(Seq, Seq + 21)],
    [gen_server:cast(trip_matcher, {entry, E}) || E <- Entries],
    Leaves = [{Now + 300 + (S rem 700), S} || {entry, S, _, _, _} <- Entries, exits(Mode, S)],
    {Due, Later} = lists:partition(fun({At, _}) -> At =< Now end, Pending),
    [gen_server:cast(trip_matcher, {exit, S, gantry(S + 7)}) || {_, S} <- Due],
    Next1 = Next + 20,
    timer:sleep(max(0, Next1 - erlang:monotonic_time(millisecond))),
    loop(Seq + 22, Mode, Crash, Next1, Later ++ Leaves).

exits(healthy, _S) -> true;
exits(leak, S) -> erlang:phash2(S, 100) >= 16.

parse_frame({frame, Seq, Gantry, Lane, <<Region:2/binary, "-", Num:4/binary>>}) ->
    {entry, Seq, Gantry, Lane, <<Region/binary, "-", Num/binary>>}.

gantry(S) -> element(1 + S rem 7, {gantry_g38, gantry_g39, gantry_g40, gantry_g41, gantry_g42, gantry_g43, gantry_g44}).
lane(S) -> element(1 + S rem 6, {lane_1, lane_2, lane_3, lane_4, lane_5, lane_6}).
plate(S) ->
    N = integer_to_binary(1000 + S rem 9000),
    R = element(1 + (S div 9000) rem 5, {<<"BX">>, <<"KT">>, <<"MZ">>, <<"RA">>, <<"LO">>}),
    <<R/binary, "-", N/binary>>.
