%% seat_map: the fleet's seat and cabin map (12 vessels), built into its state at boot and only read afterwards.
-module(seat_map).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    Map = maps:from_list([{{V, Deck, Seat}, #{row => Seat div 8, cls => lists:nth(1 + Seat rem 3, [econ, comfort, cabin]),
                                              tags => [window, aisle, power]}}
                          || V <- lists:seq(1, 12), Deck <- lists:seq(1, 6), Seat <- lists:seq(1, 420)]),
    logger:info("seat_map loaded ~b seats", [maps:size(Map)]),
    {ok, Map}.

handle_call({seat, K}, _From, M) -> {reply, maps:get(K, M, undefined), M}.
handle_cast(_, M) -> {noreply, M}.
