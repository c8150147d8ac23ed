%% tariff_vault: loads the locker tariff book once at start (a ~24 MB binary kept in the state and
%% ~120k rows in the named ETS table tariff_rows) and answers lookups. Nothing is added later.
-module(tariff_vault).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    Book = binary:copy(<<"GRS-TARIFF-2026|zone|size|hourly|daily|", 0:(8 * 24)>>, 370000),
    T = ets:new(tariff_rows, [named_table, set, protected, {read_concurrency, true}]),
    ets:insert(T, [{{Z, Sz}, Z * 3 + length(atom_to_list(Sz)), <<"zone-", (integer_to_binary(Z))/binary>>, [Z rem 7, Sz]}
                   || Z <- lists:seq(1, 30000), Sz <- [s, m, l, xl]]),
    logger:notice("tariff_vault: tariff book loaded, ~b bytes, ~b rows in tariff_rows",
                  [byte_size(Book), ets:info(T, size)]),
    {ok, #{book => Book}}.

handle_call({price, Z, Sz}, _From, S) -> {reply, ets:lookup(tariff_rows, {Z, Sz}), S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(_, S) -> {noreply, S}.
