%% uplink_guard: checks every 2 s that the node's binary memory stays within the uplink buffer budget
%% (bin_limit_mb); over it, it exits {binary_budget_exceeded, Bytes} and is restarted by corvane_sup, which gives up
%% after 3 exits in 20 s.
-module(uplink_guard).
-export([start_link/0, init/0]).
start_link() -> Pid = proc_lib:spawn_link(?MODULE, init, []), register(uplink_guard, Pid), {ok, Pid}.
init() -> {ok, Mb} = application:get_env(corvane, bin_limit_mb), loop(Mb * 1024 * 1024).
loop(Limit) ->
    timer:sleep(2000),
    case erlang:memory(binary) of
        B when B > Limit -> exit({binary_budget_exceeded, B, Limit});
        _ -> loop(Limit)
    end.
