%% parcel_cache: owns the public ETS table parcel_cache, one row per locker slot (30,000 slots), overwritten in
%% place: the largest table, full within half a minute, then flat.
-module(parcel_cache).
-behaviour(gen_server).
-export([start_link/0, put/2, init/1, handle_call/3, handle_cast/2, handle_info/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
put(Locker, Seq) ->
    Slot = Seq rem 30000,
    ets:insert(parcel_cache, {Slot, Locker, Seq, erlang:system_time(millisecond),
                              [{carrier, lists:nth(1 + Seq rem 4, [dpd, evri, royal_mail, ups])},
                               {size, lists:nth(1 + Seq rem 3, [s, m, l])}, {pin, Seq * 7919 rem 1000000},
                               {recipient, binary:copy(<<"recipient-", (integer_to_binary(Seq rem 99991))/binary>>)},
                               {history, lists:seq(1, 24)}]}).
init([]) ->
    ets:new(parcel_cache, [named_table, set, public, {write_concurrency, true}]),
    {ok, #{}}.
handle_call(_, _, S) -> {reply, ok, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
