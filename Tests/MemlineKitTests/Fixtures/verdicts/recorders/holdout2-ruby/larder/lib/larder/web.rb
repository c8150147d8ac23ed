# The web side of Larder: a bare Rack app standing in for the Rails controllers, logged with lograge
# (KeyValue formatter behind a Ruby Logger prefix, config.log_formatter = ::Logger::Formatter.new).
require "larder"

module Larder
  class Web
    ROUTES = [
      [%r{\A/products/(\d+)\z}, "ProductsController", "show"],
      [%r{\A/categories/(\d+)\z}, "CategoriesController", "show"],
      [%r{\A/search\z}, "SearchController", "index"],
      [%r{\A/basket\z}, "BasketsController", "show"],
      [%r{\A/reports/shrinkage\.xlsx\z}, "Reports::ShrinkageController", "show"],
      [%r{\A/up\z}, "HealthController", "show"],
    ].freeze

    def initialize
      @log = Logger.new(File.join(LOG_DIR, "production.log"))
      @log.formatter = ::Logger::Formatter.new
    end

    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      path = env["PATH_INFO"]
      route = ROUTES.find { |re, _, _| re.match?(path) }
      return [404, { "content-type" => "text/plain" }, ["not found"]] unless route
      _, controller, action = route
      id = path[/\d+/].to_i
      body, db = dispatch(controller, id, env["QUERY_STRING"].to_s)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      fmt = path.end_with?(".xlsx") ? "xlsx" : "html"
      @log.info("method=#{env["REQUEST_METHOD"]} path=#{path} format=#{fmt} controller=#{controller} " \
                "action=#{action} status=200 duration=#{format("%.2f", ms)} view=#{format("%.2f", ms * 0.6)} " \
                "db=#{format("%.2f", db)}")
      [200, { "content-type" => "text/html" }, [body]]
    end

    private

    def render_rows(n, seed)
      rows = Array.new(n) { |i| { "id" => seed * 1000 + i, "name" => "item #{seed}-#{i}", "price" => (i * 37 % 900) / 100.0 } }
      rows.map { |r| "<tr><td>#{r["id"]}</td><td>#{r["name"]}</td><td>#{r["price"]}</td></tr>" }.join
    end

    def dispatch(controller, id, query)
      case controller
      when "ProductsController" then [render_rows(120, id), rand * 4]
      when "CategoriesController" then [render_rows(600, id), rand * 12]
      when "SearchController" then [render_rows(900, query.size), rand * 20]
      when "BasketsController" then [render_rows(60, id), rand * 3]
      when "Reports::ShrinkageController" then [shrinkage_report, 180 + rand * 60]
      else ["ok", 0.0]
      end
    end

    # 180,000 rows of 6 cells built in memory and zipped up: ~45 MB of short-lived Strings per download
    def shrinkage_report
      rows = Array.new(180_000) do |i|
        [i.to_s, "SKU-#{100_000 + i}", "store-#{i % 37}", (i * 13 % 400).to_s, "2026-12-0#{i % 6 + 1}", "ok"]
      end
      sheet = rows.map { |r| r.join("\t") }
      "xlsx:#{sheet.sum(&:bytesize)}"
    end
  end
end
