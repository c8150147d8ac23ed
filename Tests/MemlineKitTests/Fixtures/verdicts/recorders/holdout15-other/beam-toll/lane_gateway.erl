%% lane_gateway: the 16 lane controllers' uplink: ~200 transactions/s. When out_dir/replay-N appears (a lane
%% controller reconnecting after a fibre cut), it replays the controller's 36,000 buffered transactions at once.
-module(lane_gateway).
-export([start_link/1, init/1]).

start_link(Dir) -> {ok, proc_lib:spawn_link(?MODULE, init, [Dir])}.

init(Dir) -> register(?MODULE, self()), loop(Dir, 0, 1).

loop(Dir, Seq, Next) ->
    receive after 20 -> ok end,
    [send(Seq + I) || I <- lists:seq(1, 4)],
    case filelib:is_file(filename:join(Dir, "replay-" ++ integer_to_list(Next))) of
        true ->
            logger:warning("lane_gateway: lane controller ~b reconnected, replaying 36000 buffered transactions", [Next * 5]),
            [send(Seq + 10 + I) || I <- lists:seq(1, 36000)],
            loop(Dir, Seq + 36010, Next + 1);
        false -> loop(Dir, Seq + 4, Next)
    end.

send(S) ->
    plaza_events ! {txn, S rem 16, 1 + S rem 9, 2 + S rem 8, 1 + S rem 12,
                    <<"PL-", (integer_to_binary(S rem 99991))/binary>>}.
