%% Builds the carrier label batch every 14 s: the whole batch (120,000 rows) is rendered in the process heap,
%% encoded, handed to the carrier and dropped (full GC after each batch); the process hibernates between batches.
-module(label_batcher).
-behaviour(gen_server).
-export([start_link/0, request/1, init/1, handle_call/3, handle_cast/2, handle_info/2, code_change/3]).

start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

request(N) -> gen_server:cast(?MODULE, {request, N}).

init([]) ->
    erlang:send_after(9000, self(), batch),
    {ok, #{pending => 0, batches => 0}}.

handle_call(_, _From, S) -> {reply, ok, S}.

handle_cast({request, _N}, S = #{pending := P}) -> {noreply, S#{pending := P + 1}}.

handle_info(batch, S = #{pending := P, batches := B}) ->
    render(P, B),
    erlang:garbage_collect(),
    erlang:send_after(14000, self(), batch),
    {noreply, S#{pending := 0, batches := B + 1}, hibernate}.

render(P, B) ->
    T0 = erlang:monotonic_time(millisecond),
    Rows = [{I, <<"SANDWICK-LBL-", (integer_to_binary(I))/binary>>, lists:seq(1, 24),
             io_lib:format("~6..0b", [I rem 999999])} || I <- lists:seq(1, 120000)],
    Bin = term_to_binary(Rows),
    {memory, Mem} = erlang:process_info(self(), memory),
    logger:info("label batch ~b: ~b labels (~b requested), ~b bytes, heap ~b bytes, ~b ms",
                [B + 1, length(Rows), P, byte_size(Bin), Mem, erlang:monotonic_time(millisecond) - T0]).

code_change(_Old, S, _Extra) -> {ok, S}.
