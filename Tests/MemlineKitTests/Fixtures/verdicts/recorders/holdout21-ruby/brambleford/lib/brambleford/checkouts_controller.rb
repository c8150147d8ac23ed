# CheckoutsController#create. BF-377 (payment latency dashboard): a before_action subscribes to the gateway's
# "payment.authorize" events to time this checkout's authorisation... and never unsubscribes. Each subscriber's block
# closes over the controller, so the registry keeps every checkout's controller (cart, rendered receipt) alive.
module Brambleford
  class CheckoutsController
    def initialize(req)
      @req = req
      @cart = Array.new(60) { |i| "line-#{i}:seat-#{rand(10**6)}:#{"fee" * 30}" }
      @timings = []
    end

    def create
      track_payment_latency
      receipt = Array.new(2_200) { |i| "<tr><td>#{i}</td><td>#{@cart[i % @cart.size]}</td><td>#{"%.2f" % (i * 1.1)}</td></tr>" }
      @receipt_html = receipt.join
      Peckwatch.instrument("payment.authorize", amount: @cart.size * 12) { sleep 0.03 + rand * 0.04 }
      [201, "{\"order\":#{rand(10**7)},\"authorised_ms\":#{@timings.last.to_i}}", 14.8]
    end

    private

    def track_payment_latency
      Peckwatch.subscribe("payment.authorize", controller: "checkouts") { |ev| @timings << ev.duration }
    end
  end
end
