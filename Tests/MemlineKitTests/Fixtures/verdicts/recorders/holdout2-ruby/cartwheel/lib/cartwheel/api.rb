require "cartwheel"
require "cartwheel/cart_presenter"

module Cartwheel
  class Api
    def call(env)
      path = env["PATH_INFO"]
      body =
        case path
        when %r{\A/api/v2/carts/(\d+)\z} then CartPresenter.new($1.to_i).as_json.to_json
        when %r{\A/api/v2/products/(\d+)\z} then { "id" => $1.to_i, "variants" => Cartwheel.rows(80, $1.to_i) }.to_json
        when %r{\A/api/v2/search\z} then Cartwheel.rows(700, env["QUERY_STRING"].size).to_json
        when %r{\A/api/v2/shipping_quotes\z} then Cartwheel.rows(20, 7).to_json
        when %r{\A/admin/orders/export\.csv\z} then orders_csv
        when "/healthz" then "ok"
        else return [404, {}, ["not found"]]
        end
      [200, { "Content-Type" => "application/json" }, [body]]
    end

    # the back office's order export: all of the month's order lines in memory, ~35 MB of Strings, garbage after
    def orders_csv
      lines = Array.new(140_000) do |i|
        [i, "ORD-#{500_000 + i}", "cust-#{i % 9_000}", "#{i % 28 + 1}.12.2026", i * 13 % 20_000, "EUR", "paid"].join(",")
      end
      "rows=#{lines.size} bytes=#{lines.sum(&:bytesize)}"
    end
  end

  # the shop's RSS-per-request middleware (lib/middleware/memory_logger.rb), Ruby Logger to log/performance.log
  class MemoryLogger
    def initialize(app)
      @app = app
      @log = Logger.new(File.join(SHARED, "log", "performance.log"))
    end

    def call(env)
      before = Cartwheel.rss_kb
      res = @app.call(env)
      after = Cartwheel.rss_kb
      url = "https://cartwheel.example.com#{env["PATH_INFO"]}"
      url += "?#{env["QUERY_STRING"]}" unless env["QUERY_STRING"].to_s.empty?
      @log.info("CONSUME MEMORY: #{after - before}KB\tNow: #{after} KB\t#{url}")
      res
    end
  end
end
