%% cdr_reader: reads the mediation platform's CDR files (18,000 records each) and casts every record to
%% rating_engine, 90 records every 50 ms (~1,800/s). It never waits for rating_engine.
-module(cdr_reader).
-export([start_link/0, init/1]).

-define(FILE_RECORDS, 18000).

start_link() -> proc_lib:start_link(?MODULE, init, [self()]).

init(Parent) ->
    register(cdr_reader, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    timer:sleep(1500),
    loop(1, 42, erlang:monotonic_time(millisecond)).

loop(Seq, FileNo, Next) ->
    case (Seq - 1) rem ?FILE_RECORDS of
        0 -> logger:info("cdr_reader: opened cdr-sw3-20261206-~4..0b.dat (~b records)", [FileNo, ?FILE_RECORDS]);
        _ -> ok
    end,
    [rating_engine:rate(cdr(S)) || S <- lists:seq(Seq, Seq + 89)],
    Seq1 = Seq + 90,
    FileNo1 = case (Seq1 - 1) rem ?FILE_RECORDS of 0 -> FileNo + 1; _ -> FileNo end,
    Next1 = Next + 50,
    case Next1 - erlang:monotonic_time(millisecond) of
        W when W > 0 -> receive after W -> ok end;
        _ -> ok
    end,
    loop(Seq1, FileNo1, Next1).

cdr(S) ->
    #{seq => S,
      a => <<"+4477009", (integer_to_binary(10000 + S rem 89999))/binary>>,
      b => <<"+4420794", (integer_to_binary(10000 + (S * 7) rem 89999))/binary>>,
      start => 1796570000 + S div 2,
      dur => 5 + (S * 13) rem 900,
      cell => <<"234-15-", (integer_to_binary(4000 + S rem 977))/binary, "-", (integer_to_binary(S rem 65535))/binary>>,
      tags => [element(1 + S rem 3, {volte, cs, wifi}), home, <<"trunk-sw3-", (integer_to_binary(S rem 24))/binary>>]}.
