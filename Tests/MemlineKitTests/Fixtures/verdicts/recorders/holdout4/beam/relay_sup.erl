-module(relay_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Out) -> supervisor:start_link({local, relay_sup}, ?MODULE, Out).

init(Out) ->
    W = fun(Id, Arg) -> #{id => Id, start => {relay_node, start_link, [Arg]}, restart => permanent} end,
    Children = [W(tariff_table, {tariff_table, x}), W(push_dispatcher, {push_dispatcher, x})]
        ++ [W(pdf_batcher, {pdf_batcher, x}), W(ldap_sync, {ldap_sync, x}), W(ops_sampler, {ops_sampler, Out})]
        ++ [W(list_to_atom("notifier_" ++ integer_to_list(N)), {list_to_atom("notifier_" ++ integer_to_list(N)), N})
            || N <- [1, 2, 3]],
    {ok, {#{strategy => one_for_one, intensity => 20, period => 60}, Children}}.
