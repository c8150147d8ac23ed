%% tariff_calc: prices a parking stay from the tariff table (loaded at start, a few hundred KB, stable).
-module(tariff_calc).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, code_change/3, vsn/0]).
-vsn("3.2.1").

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

vsn() -> "3.2.1".

init([]) -> {ok, [{Z, [{H, 2.5 + H * 0.1} || H <- lists:seq(0, 167)]} || Z <- lists:seq(1, 60)]}.

handle_call({price, Z, H}, _From, T) -> {reply, proplists:get_value(H, proplists:get_value(Z, T)), T}.
handle_cast(_, T) -> {noreply, T}.
code_change(_Old, T, _Extra) -> {ok, T}.
