%% edi_ingest: reads CODECO/COARRI gate and crane moves from a terminal partner (simulated) and casts an
%% acknowledgement request per move at ack_journal: Rate moves/s, in a batch every 50 ms. Each request carries the
%% move as a map plus its 16 EDI segment offsets (~3 KB on the heap with the queue overhead).
-module(edi_ingest).
-export([start_link/2, init/3]).

start_link(Name, Rate) -> proc_lib:start_link(?MODULE, init, [Name, Rate, self()]).

init(Name, Rate, Parent) ->
    register(Name, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    loop(Name, Rate, 0, erlang:monotonic_time(millisecond)).

loop(Name, Rate, Seq, Next) ->
    Per = Rate div 20,
    lists:foreach(fun(I) -> gen_server:cast(ack_journal, {ack, Name, move(Name, Seq + I)}) end, lists:seq(1, Per)),
    Next1 = Next + 50,
    timer:sleep(max(0, Next1 - erlang:monotonic_time(millisecond))),
    loop(Name, Rate, Seq + Per, Next1).

move(Name, N) ->
    #{container => iolist_to_binary(io_lib:format("MSCU~7..0b", [N rem 9999999])),
      seq => N, partner => Name, kind => element(1 + N rem 3, {gate_in, discharge, load}),
      bay => N rem 40, row => N rem 12, tier => N rem 9, weight_kg => 8000 + N rem 22000,
      iso => <<"45G1">>, vessel => <<"MAERSK KENTUCKY">>, voyage => <<"218W">>,
      at => erlang:system_time(millisecond),
      segments => [N * 7 + S || S <- lists:seq(1, 16)]}.
