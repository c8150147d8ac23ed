# Cartwheel 3.9: the cart JSON, with the "promotion preview" memoised per cart version so a re-render is
# cheap. The key has the request time in it, so each request adds one entry and none is ever evicted.
module Cartwheel
  class CartPresenter
    PREVIEW_CACHE = {}

    def initialize(cart_id)
      @cart_id = cart_id
    end

    def as_json
      version = "#{@cart_id}:#{Process.clock_gettime(Process::CLOCK_REALTIME, :microsecond)}"
      preview = PREVIEW_CACHE[version] ||= promotion_preview
      { "id" => @cart_id, "lines" => Cartwheel.rows(40, @cart_id), "currency" => "EUR", "promos" => preview.size }
    end

    private

    def promotion_preview
      Array.new(30) { |i| "promo #{@cart_id} #{i} " + ("p" * 3_950) }
    end
  end
end
