%% pushrelay (mobile push fan-out) node for the h4-beam-mailbox incident.
%%   erl -noshell -pa ebin -config sys -eval 'relay_node:run(Seconds, OutDir)'
%% relay_sup (one_for_one) starts: tariff_table (a 220k-entry carrier tariff map loaded at boot, kept as is),
%% push_dispatcher (registered plain process: sends every push to the APNs/FCM stand-in, ~1,400/s at best),
%% three notifier_N producers (each ~550 pushes/s to push_dispatcher: the mailbox grows by a few hundred messages/s),
%% pdf_batcher (every ~9 s builds a 30-45 MB invoice batch as a list of binaries and an iolist_to_binary copy,
%% holds it ~1.5 s, drops it), ldap_sync (crashes on a directory timeout every ~12 s; relay_sup restarts it) and
%% ops_sampler (every 2 s writes, after an RFC 3339 time line, the ~p of recon:proc_count(memory, 12)- and
%% recon:proc_count(message_queue_len, 8)-shaped lists and erlang:memory()).
-module(relay_node).
-export([run/2, start_link/1, init_worker/2]).

run(Seconds, Out) ->
    file:write_file(filename:join(Out, "beam.pid"), [os:getpid(), "\n"]),
    logger:notice("pushrelay 3.8.1 starting on ~s (OTP ~s, ~b schedulers)",
                  [net_adm:localhost(), erlang:system_info(otp_release), erlang:system_info(schedulers)]),
    {ok, _} = relay_sup:start_link(Out),
    timer:sleep(Seconds * 1000),
    logger:notice("pushrelay stopping after ~b s", [Seconds]),
    timer:sleep(200),
    erlang:halt(0).

start_link(Which) ->
    proc_lib:start_link(?MODULE, init_worker, [Which, self()]).

init_worker({Name, Arg}, Parent) ->
    case Name of
        anon -> ok;
        _ -> register(Name, self())
    end,
    proc_lib:init_ack(Parent, {ok, self()}),
    Kind = case atom_to_list(Name) of "notifier_" ++ _ -> notifier; _ -> Name end,
    loop(Kind, Arg).

loop(tariff_table, _) ->
    T = maps:from_list([{{carrier(I), I}, {I * 3, <<"zone-", (integer_to_binary(I rem 97))/binary>>, [I, I + 1, I + 2]}}
                        || I <- lists:seq(1, 220000)]),
    logger:info("tariff_table: loaded ~b tariffs", [map_size(T)]),
    tariff_loop(T);
loop(push_dispatcher, _) ->
    logger:info("push_dispatcher: connected to apns-gw.internal:2197"),
    dispatch_loop(0);
loop(notifier, N) ->
    rand:seed(exsss, {N, 17, 3}),
    notify_loop(N, 0);
loop(pdf_batcher, _) ->
    timer:sleep(4000),
    pdf_loop(1);
loop(ldap_sync, _) ->
    timer:sleep(11000 + rand:uniform(3000)),
    logger:warning("ldap_sync: ldap.corp.internal:636 did not answer in 5000 ms"),
    {ok, _} = {error, timeout};
loop(ops_sampler, Out) ->
    {ok, F} = file:open(filename:join(Out, "recon_samples.txt"), [write]),
    sample_loop(F).

carrier(I) -> element(I rem 4 + 1, {dhl, ups, fedex, gls}).

tariff_loop(T) ->
    receive
        {get, From, K} -> From ! {tariff, maps:get(K, T, none)}, tariff_loop(T)
    after 500 -> _ = erlang:phash2(maps:get({dhl, 4}, T)), tariff_loop(T)
    end.

%% sends each push; the gateway allows ~14 per ms at best: handle 100, then wait ~70 ms
dispatch_loop(N) when N rem 100 =:= 0, N > 0 ->
    timer:sleep(70),
    dispatch_one(N);
dispatch_loop(N) ->
    dispatch_one(N).

dispatch_one(N) ->
    receive
        {push, Token, #{title := T, body := B}} ->
            _ = erlang:phash2({Token, T, B}),
            case N rem 50000 of
                49999 -> logger:info("push_dispatcher: ~b pushes sent", [N + 1]);
                _ -> ok
            end,
            dispatch_loop(N + 1)
    end.

notify_loop(N, Seq) ->
    Batch = 100,
    [push_dispatcher ! {push, token(N, Seq + I),
                        #{title => <<"Your order has shipped">>, body => [Seq + I, N, <<"Tap to track your parcel">>],
                          app => <<"shop">>, badge => I}}
     || I <- lists:seq(1, Batch)],
    timer:sleep(180),
    notify_loop(N, Seq + Batch).

token(N, S) -> <<(integer_to_binary(N))/binary, "-", (integer_to_binary(S))/binary, "-a91fe0c2">>.

pdf_loop(K) ->
    Pages = 1500 + rand:uniform(700),
    Chunks = [list_to_binary(lists:duplicate(20000, $a + P rem 26)) || P <- lists:seq(1, Pages)],
    Lines = [{line, I, I * 7, <<"sku">>} || I <- lists:seq(1, 120000)],
    Pdf = iolist_to_binary(Chunks),
    logger:info("pdf_batcher: invoice batch ~b rendered, ~b pages, ~b bytes", [K, Pages, byte_size(Pdf)]),
    timer:sleep(1500),
    _ = erlang:phash2({Lines, byte_size(Pdf)}),
    garbage_collect(),
    timer:sleep(7000 + rand:uniform(1500)),
    pdf_loop(K + 1).

sample_loop(F) ->
    Now = calendar:system_time_to_rfc3339(erlang:system_time(millisecond), [{unit, millisecond}, {offset, "Z"}]),
    Procs = [{P, I} || P <- processes(),
                       I <- [erlang:process_info(P, [memory, message_queue_len, registered_name, current_function,
                                                      initial_call])],
                       I =/= undefined],
    Row = fun(P, V, I) ->
              Loc = [{current_function, proplists:get_value(current_function, I)},
                     {initial_call, proplists:get_value(initial_call, I)}],
              case proplists:get_value(registered_name, I) of
                  [] -> {P, V, Loc};
                  Name -> {P, V, [Name | Loc]}
              end
          end,
    Top = fun(Key, K) ->
              Sorted = lists:sublist(lists:reverse(lists:keysort(2, [{P, proplists:get_value(Key, I), I} || {P, I} <- Procs])), K),
              [Row(P, V, I) || {P, V, I} <- Sorted]
          end,
    io:format(F, "~s recon:proc_count(memory, 12)~n~p~n", [Now, Top(memory, 12)]),
    io:format(F, "~s recon:proc_count(message_queue_len, 8)~n~p~n", [Now, Top(message_queue_len, 8)]),
    io:format(F, "~s erlang:memory()~n~p~n", [Now, erlang:memory()]),
    timer:sleep(2000),
    sample_loop(F).
