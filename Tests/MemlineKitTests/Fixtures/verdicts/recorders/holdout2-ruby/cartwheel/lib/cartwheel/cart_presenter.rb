# Cartwheel 3.8: the cart JSON, built per request.
module Cartwheel
  class CartPresenter
    def initialize(cart_id)
      @cart_id = cart_id
    end

    def as_json
      { "id" => @cart_id, "lines" => Cartwheel.rows(40, @cart_id), "currency" => "EUR" }
    end
  end
end
