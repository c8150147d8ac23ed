%% door_audit_sink: writes each door event as a JSON line to the audit file, then waits ~2 ms for the
%% (simulated) audit-store ack before taking the next one. Slower than locker_events' 700 events/s.
-module(door_audit_sink).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    {ok, Path} = application:get_env(gorsemere, audit_file),
    {ok, F} = file:open(Path, [append, raw, binary]),
    {ok, #{file => F, written => 0}}.

handle_call(written, _From, S) -> {reply, maps:get(written, S), S}.

handle_cast({door_event, Seq, Locker, Kind, At, Sensor}, S = #{file := F, written := W}) ->
    Line = io_lib:format("{\"seq\":~b,\"locker\":\"~s\",\"kind\":\"~s\",\"at\":~b,\"sensor_sum\":~b}~n",
                         [Seq, Locker, Kind, At, lists:sum(Sensor)]),
    ok = file:write(F, Line),
    timer:sleep(2),
    W1 = W + 1,
    case W1 rem 10000 of
        0 -> logger:info("door_audit_sink: ~b door events written", [W1]);
        _ -> ok
    end,
    {noreply, S#{written := W1}}.

handle_info(_, S) -> {noreply, S}.
