module Checkout
  # POST /checkout/promo: checks a promo code against the cart (the checkout page's "Apply" button).
  class PromoCodesController < ApplicationController
    CODES = { "WINTER24" => 0.15, "EARLYBIRD" => 0.10, "STUDENT" => 0.20 }.freeze

    def create
      cart = load_cart(params["cart_id"].to_i)
      code = params["code"].to_s.upcase
      discount = CODES[code]
      @status = discount ? 200 : 422
      PromoCodes::AttemptLog.record(cart: cart, code: code, ok: !discount.nil?, ip: request.ip,
                                    user_agent: request.user_agent.to_s, at: Time.now)
      { "code" => code, "valid" => !discount.nil?, "discount" => discount }.to_json
    end

    private

    def load_cart(id)
      rows = query(3 + rand * 4, 24)
      { "id" => id, "lines" => rows.map { |r| r.merge("event" => "event #{id % 900}", "seat_hold" => "hold-#{id}-#{r["id"]}",
                                                       "terms" => "Non-refundable. " * 130) } }
    end
  end
end
