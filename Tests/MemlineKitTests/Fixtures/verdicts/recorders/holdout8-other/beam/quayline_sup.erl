-module(quayline_sup).
-behaviour(supervisor).
-export([start_link/1, init/1]).

start_link(Dir) -> supervisor:start_link({local, quayline_sup}, ?MODULE, Dir).

init(Dir) ->
    W = fun(Id, M, A) -> #{id => Id, start => {M, start_link, A}, restart => permanent, shutdown => 5000} end,
    Children = [W(qx_sampler, qx_sampler, [Dir]),
                W(ack_journal, ack_journal, [Dir]),
                W(bay_image_stager, bay_image_stager, []),
                W(customs_poller, customs_poller, []),
                W(edi_ingest_north, edi_ingest, [edi_ingest_north, 310]),
                W(edi_ingest_south, edi_ingest, [edi_ingest_south, 290])],
    %% customs_poller is allowed to flap: the customs API times out often at night
    {ok, {#{strategy => one_for_one, intensity => 40, period => 60}, Children}}.
