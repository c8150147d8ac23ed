%% invoice_mailer: sends the invoice e-mails order_book hands it, at the mail relay's limit of 25/s. It starts with
%% the ~2,400 invoices the last run left and order_book adds 25/s, so its queue stays where it is.
-module(invoice_mailer).
-export([start/0, init/0]).
start() -> register(invoice_mailer, spawn(?MODULE, init, [])).
init() ->
    [self() ! {invoice, I, list_to_binary(io_lib:format("INV-~8..0b", [I])), <<"ops@marlowfen.example">>}
     || I <- lists:seq(1, 2400)],
    loop(0).
loop(N) ->
    receive {invoice, _Id, _No, _To} -> timer:sleep(40), loop(N + 1) end.
