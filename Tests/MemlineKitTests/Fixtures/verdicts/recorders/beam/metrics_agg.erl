%% metrics_agg: aggregates request metrics cast by the http handlers (cheap per message, no backlog).
%% Release 1.4.2 (hot upgrade via sys:change_code, extra = {retain_raw, true}) makes it also keep every
%% raw sample in its state "for the percentile dashboard": the process heap grows for ever.
-module(metrics_agg).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_cast/2, handle_call/3, handle_info/2, code_change/3]).

start_link() -> gen_server:start_link({local, metrics_agg}, ?MODULE, [], []).

init([]) -> {ok, #{counts => #{}, sums => #{}, raw => [], retain_raw => false, vsn => "1.4.1"}}.

handle_cast({metric, Name, Value, Ts, Tags}, S = #{counts := C, sums := Su, raw := Raw, retain_raw := Keep}) ->
    S1 = S#{counts := maps:update_with(Name, fun(X) -> X + 1 end, 1, C),
            sums := maps:update_with(Name, fun(X) -> X + Value end, Value, Su)},
    case Keep of
        true -> {noreply, S1#{raw := [{Name, Value, Ts, Tags} | Raw]}};
        false -> {noreply, S1}
    end.

handle_call(stats, _From, S = #{counts := C}) -> {reply, maps:size(C), S}.

handle_info(_, S) -> {noreply, S}.

code_change(_OldVsn, S, {retain_raw, Keep}) ->
    {ok, S#{retain_raw := Keep, vsn := "1.4.2"}};
code_change(_OldVsn, S, _Extra) -> {ok, S}.
