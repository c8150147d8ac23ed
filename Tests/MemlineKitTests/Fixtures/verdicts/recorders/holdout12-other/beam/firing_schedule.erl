%% firing_schedule: the firing programs of all kilns (segments, ramps, holds), loaded at start into the
%% gen_server's state (~9 MB of heap), then only read.
-module(firing_schedule).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).

start_link() -> gen_server:start_link({local, firing_schedule}, ?MODULE, [], []).

init([]) ->
    P = maps:from_list([{N, [{seg, I, ramp, (N * I) rem 300, hold, I * 5, lists:flatten(io_lib:format("program-~5..0b-seg~b", [N, I]))}
                             || I <- lists:seq(1, 6)]} || N <- lists:seq(1, 5000)]),
    {ok, P}.

handle_call({program, N}, _From, P) -> {reply, maps:get(N, P, undefined), P}.
handle_cast(_, P) -> {noreply, P}.
