%% gate_api: plays the gate controllers' traffic: ~320 entries/s opened at session_registry, a third of them
%% paid and closed a little later.
-module(gate_api).
-export([start_link/0, init/0]).

start_link() -> {ok, spawn_link(?MODULE, init, [])}.

init() -> register(gate_api, self()), rand:seed(exsss, {3, 5, 8}), timer:sleep(6000), loop([]).

loop(Open) ->
    New = [begin
               Token = erlang:unique_integer([positive]),
               Plate = list_to_binary(io_lib:format("B-PW ~4..0b", [rand:uniform(9999)])),
               gen_server:cast(session_registry, {open, Token, rand:uniform(48), Plate}),
               Token
           end || _ <- lists:seq(1, 16)],
    {Pay, Keep} = lists:split(min(length(Open), 5), Open),
    [gen_server:cast(session_registry, {close, T}) || T <- Pay],
    timer:sleep(50),
    loop(lists:sublist(Keep ++ New, 400)).
