%% session_keeper: remembers every open gate session in its process dictionary ({session, Sid} => details) so gates
%% can look them up. logout only decrements the open count: the key is never erased (the leak).
-module(session_keeper).
-behaviour(gen_server).
-export([start_link/0, login/3, logout/1, lookup/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
login(Sid, Gate, Agent) -> gen_server:cast(?MODULE, {login, Sid, Gate, Agent}).
logout(Sid) -> gen_server:cast(?MODULE, {logout, Sid}).
lookup(Sid) -> gen_server:call(?MODULE, {lookup, Sid}).

init([]) -> {ok, #{open => 0, logins => 0}}.

handle_call({lookup, Sid}, _From, S) -> {reply, get({session, Sid}), S};
handle_call(stats, _From, S) -> {reply, S, S}.

handle_cast({login, Sid, Gate, Agent}, S = #{open := O, logins := L}) ->
    put({session, Sid}, #{gate => Gate, agent => binary_to_list(Agent), since => erlang:system_time(millisecond),
                          fares => [{zone, Z, Z * 40} || Z <- lists:seq(1, 14)]}),
    {noreply, S#{open := O + 1, logins := L + 1}};
handle_cast({logout, _Sid}, S = #{open := O}) ->
    {noreply, S#{open := max(0, O - 1)}}.

handle_info(_, S) -> {noreply, S}.
