%% ack_journal: the registered gen_server every acknowledgement goes through. It appends each ack to the journal
%% file and, every 25 acks, writes them and waits for the journal replica to confirm (file:datasync plus a ~55 ms
%% replica round-trip), so it handles ~420 acks/s whatever arrives: the rest waits in its mailbox.
-module(ack_journal).
-behaviour(gen_server).
-export([start_link/1, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link(Dir) -> gen_server:start_link({local, ack_journal}, ?MODULE, Dir, []).

init(Dir) ->
    {ok, F} = file:open(filename:join(Dir, "ack.journal"), [append, raw, binary]),
    {ok, #{file => F, buf => [], n => 0, total => 0}}.

handle_cast({ack, Partner, #{container := C, seq := S}}, #{buf := B, n := N, total := T} = St) ->
    Line = [atom_to_binary(Partner), $\t, C, $\t, integer_to_binary(S), $\n],
    case N + 1 of
        25 ->
            F = maps:get(file, St),
            ok = file:write(F, lists:reverse([Line | B])),
            ok = file:datasync(F),
            timer:sleep(55), % replica confirm
            T1 = T + 25,
            case T1 rem 10000 of
                0 -> logger:info("ack_journal: ~b acks journaled", [T1]);
                _ -> ok
            end,
            {noreply, St#{buf := [], n := 0, total := T1}};
        N1 -> {noreply, St#{buf := [Line | B], n := N1}}
    end.

handle_call(_, _From, St) -> {reply, ok, St}.
handle_info(_, St) -> {noreply, St}.
