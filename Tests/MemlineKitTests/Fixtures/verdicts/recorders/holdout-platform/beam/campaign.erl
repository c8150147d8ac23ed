%% campaign: an order confirmation to mailer every 1.5-3 s; every ~25 s a "back in stock" campaign casts
%% 45k mails at once (the mailer's mailbox bursts, then drains).
-module(campaign).
-export([start_link/0, init/0]).

start_link() -> {ok, proc_lib:spawn_link(?MODULE, init, [])}.

init() ->
    register(campaign, self()),
    erlang:send_after(12000, self(), burst),
    loop(1).

loop(N) ->
    receive
        burst ->
            logger:info("campaign: back-in-stock batch #~b, queueing 45000 mails", [N]),
            [gen_server:cast(mailer, mail(U, <<"Back in stock">>)) || U <- lists:seq(1, 45000)],
            erlang:send_after(23000 + rand:uniform(4000), self(), burst),
            loop(N + 1)
    after 1500 + rand:uniform(1500) ->
            gen_server:cast(mailer, mail(rand:uniform(90000), <<"Your order confirmation">>)),
            loop(N)
    end.

mail(U, Subject) ->
    {deliver, <<"customer", (integer_to_binary(U))/binary, "@example.com">>, Subject,
     [<<"Hi,\nthe item on your wish list is available again: ">>, integer_to_binary(U rem 4000),
      <<"\nSee you soon,\nthe shop">>]}.
