%% toll_rates: the bridge's rate table (vehicle class x axle count x hour x tag type), built at boot, only read.
-module(toll_rates).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, code_change/3]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    T = maps:from_list([{{Cls, Axles, Hour, Tag}, #{cents => 250 + Cls * 90 + Axles * 40 + Hour, label => <<"rate">>}}
                        || Cls <- lists:seq(1, 9), Axles <- lists:seq(2, 9), Hour <- lists:seq(0, 23), Tag <- lists:seq(1, 12)]),
    {ok, T}.

handle_call({rate, K}, _From, T) -> {reply, maps:get(K, T, 0), T}.
handle_cast(_, T) -> {noreply, T}.
code_change(_Old, T, _Extra) -> {ok, T}.
