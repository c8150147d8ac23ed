%% berth_router (registered): generates the port's vessel event stream and routes each carrier's events to one
%% berth_worker (phash2 of the carrier over the 8 pool members). ~140 position/departure events/s across 6 carriers;
%% carrier "ostrander_line" also sends ~10 cargo amendments/s, and acks each one by call sign (never matched).
-module(berth_router).
-export([start_link/0, init/0]).

-define(CARRIERS, [<<"ostrander_line">>, <<"kestrel_feeder">>, <<"baltic_nine">>, <<"harrow_ro_ro">>,
                   <<"sundial_bulk">>, <<"pellam_tankers">>]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() ->
    register(berth_router, self()),
    rand:seed(exsss, {7, 11, 13}),
    loop(0).

workers() ->
    [P || {_, P, _, _} <- lists:sort(supervisor:which_children(berth_pool_sup)), is_pid(P)].

pick(Carrier, Ws) -> lists:nth(erlang:phash2(Carrier, length(Ws)) + 1, Ws).

loop(T) ->
    Ws = workers(),
    [begin
         C = lists:nth(rand:uniform(6), ?CARRIERS),
         V = {C, rand:uniform(60)},
         case rand:uniform(12) of
             1 -> gen_server:cast(pick(C, Ws), {departed, V});
             _ -> gen_server:cast(pick(C, Ws), {position, V, erlang:system_time(second) + rand:uniform(86400),
                                                   rand:uniform(40)})
         end
     end || _ <- lists:seq(1, 14)],
    case T rem 1 of
        0 ->
            Vs = rand:uniform(60),
            Ref = make_ref(),
            Delta = [{line, I, <<"HS", (integer_to_binary(840000 + rand:uniform(9999)))/binary>>,
                      rand:uniform(25000), lists:duplicate(4, rand:uniform(1000))} || I <- lists:seq(1, 70 + rand:uniform(100))],
            W = pick(<<"ostrander_line">>, Ws),
            gen_server:cast(W, {cargo_amend, {<<"ostrander_line">>, Vs}, Ref, Delta}),
            gen_server:cast(W, {amend_ack, <<"OSTR", (integer_to_binary(Vs))/binary>>, Ref});
        _ -> ok
    end,
    timer:sleep(100),
    loop(T + 1).
