# frozen_string_literal: true

# Tillpoint: a small point-of-sale back office served by Debian's puma 5.6.5 in cluster mode (see config/puma.rb).
# A Rack app standing in for the Rails one: same URLs, same log lines, none of Rails.
#
# TILLPOINT_SITE picks the shape of the deploy (../record.sh maps each incident to one):
#   receipts   (gem-middleware-leak) config.ru mounts rack-metrics 1.2.0 (vendor/bundle); request lines are lograge
#              key=value lines after Rails' tagged Logger prefix; POST /uploads is mounted.
#   stocktake  (job-class-leak) no rack-metrics; Rails 7 tagged request lines (Started / Processing / Completed);
#              GET /inventory/export.csv is mounted; every worker samples GC.stat.
require "logger"
require "json"
require "securerandom"
require "time"
require "objspace"

module Tillpoint
  SITE = ENV.fetch("TILLPOINT_SITE")
  ROOT = File.expand_path("..", __dir__)
  LOG_FORMAT = SITE == "receipts" ? :lograge : :rails

  ROUTES = [
    ["GET", %r{\A/up\z}, "Rails::HealthController#show", :health],
    ["GET", %r{\A/catalog/(?<sku>[A-Z0-9-]+)\z}, "CatalogController#show", :catalog],
    ["GET", %r{\A/search\z}, "SearchController#index", :search],
    ["POST", %r{\A/carts/(?<id>\d+)/items\z}, "CartItemsController#create", :cart_item],
    ["GET", %r{\A/checkout/(?<id>\d+)\z}, "CheckoutsController#show", :checkout],
    ["POST", %r{\A/uploads\z}, "UploadsController#create", :upload],
    ["GET", %r{\A/inventory/export\.csv\z}, "InventoryExportsController#show", :inventory_export]
  ].freeze
  MOUNTED = {
    "receipts" => %i[health catalog search cart_item checkout upload],
    "stocktake" => %i[health catalog search cart_item checkout inventory_export]
  }.fetch(SITE)

  class << self
    attr_reader :logger

    def boot_logger
      @logger = Logger.new(File.join(ROOT, "log", "production.log"))
      @logger.formatter = Logger::Formatter.new
    end

    # Runs in every puma worker (on_worker_boot).
    def worker_boot(index)
      boot_logger
      GcSampler.start("web") if ENV["GC_STAT_SAMPLES"]
      heap_dumps_on_usr2 if ENV["HEAP_DUMP_ON_USR2"]
      logger.info("puma worker #{index} booted (tillpoint #{SITE})")
    end

    # kill -USR2 <worker pid>: full GC, then ObjectSpace.dump_all to tmp/heap-<pid>-<unix time>.json.
    def heap_dumps_on_usr2
      queue = Queue.new
      Signal.trap("USR2") { queue << Time.now.to_i }
      Thread.new do
        while queue.pop
          GC.start(full_mark: true, immediate_sweep: true)
          path = File.join(ROOT, "tmp", "heap-#{Process.pid}-#{Time.now.to_i}.json")
          File.open("#{path}.tmp", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename("#{path}.tmp", path)
          logger.info("heap dump written to #{path}")
        end
      end
    end
  end

  # GC.stat once a second as JSON lines, one file per process.
  module GcSampler
    def self.start(role)
      path = File.join(ROOT, "log", "gc_stat.#{role}.#{Process.pid}.jsonl")
      Thread.new do
        File.open(path, "a") do |f|
          f.sync = true
          loop do
            f.puts GC.stat.merge(time: Time.now.utc.iso8601(3), pid: Process.pid).to_json
            sleep 1
          end
        end
      end
    end
  end

  PRODUCT_NAMES = %w[espresso cortado flat-white oat-latte chai matcha croissant bagel muffin brownie scone
                     panini granola yoghurt smoothie lemonade].freeze

  module Pages
    module_function

    def product_li(i, sku)
      name = PRODUCT_NAMES[i % PRODUCT_NAMES.size]
      "<li class=\"product\" data-sku=\"#{sku}-#{i}\"><a href=\"/catalog/#{sku}-#{i}\">" \
        "<span class=\"name\">#{name} #{i}</span><span class=\"price\">#{format("%.2f", (i * 37 % 900) / 100.0 + 1)}</span>" \
        "<span class=\"stock\">#{i * 13 % 41} left</span></a></li>\n"
    end

    def layout(title, items)
      "<!DOCTYPE html>\n<html><head><title>#{title} | Tillpoint</title>" \
        "<link rel=\"stylesheet\" href=\"/assets/application-5f1c2a.css\"></head>\n<body>\n" \
        "<header><nav><a href=\"/\">Tillpoint</a> <a href=\"/catalog\">Catalog</a> <a href=\"/checkout\">Checkout</a>" \
        "</nav></header>\n<main><h1>#{title}</h1>\n<ul class=\"products\">\n#{items.join}</ul></main>\n" \
        "<footer>Tillpoint back office</footer></body></html>\n"
    end

    def rows(n, tag)
      Array.new(n) { |i| { "id" => i, "sku" => "#{tag}-#{i}", "price_cents" => i * 37 % 9000, "tags" => %w[pos cafe] } }
    end
  end

  module Handlers
    module_function

    def health(_env, _m)
      [200, { "content-type" => "text/plain" }, ["OK"], "HTML"]
    end

    def catalog(_env, m)
      Pages.rows(120, m[:sku]).map(&:to_json).join.bytesize
      html = Pages.layout("Product #{m[:sku]}", Array.new(60) { |i| Pages.product_li(i, m[:sku]) })
      [200, { "content-type" => "text/html" }, [html], "HTML"]
    end

    def search(env, _m)
      q = env["QUERY_STRING"].to_s[/q=([^&]*)/, 1] || ""
      hits = Pages.rows(900, "S#{q}").select { |r| r["price_cents"].odd? }
      html = Pages.layout("Search: #{q}", hits.first(45).map { |r| Pages.product_li(r["id"], r["sku"]) })
      [200, { "content-type" => "text/html" }, [html], "HTML"]
    end

    def cart_item(env, m)
      payload = env["rack.input"].read
      item = JSON.parse(payload.empty? ? "{}" : payload)
      lines = Pages.rows(40, "C#{m[:id]}")
      body = { cart_id: m[:id].to_i, added: item["sku"], lines: lines.size, total_cents: lines.sum { |l| l["price_cents"] } }
      [201, { "content-type" => "application/json" }, [body.to_json], "JSON"]
    end

    def checkout(_env, m)
      lines = Pages.rows(300, "K#{m[:id]}")
      html = Pages.layout("Checkout ##{m[:id]}", lines.first(40).map { |r| Pages.product_li(r["id"], r["sku"]) })
      [200, { "content-type" => "text/html" }, [html], "HTML"]
    end

    # A shop uploads a day of receipt scans (multipart, ~1 MB on the wire). "Processing" makes ~35 MB of
    # short-lived Strings: 350 decoded chunks of ~100 KB, all garbage once the response is written.
    def upload(env, _m)
      raw = env["rack.input"].read
      chunks = Array.new(350) do |i|
        part = raw.byteslice((i * 2_048) % [raw.bytesize - 2_048, 1].max, 2_048)
        (part * 50).tr("A-Za-z", "N-ZA-Mn-za-m")
      end
      checksum = chunks.sum { |c| c.getbyte(7).to_i }
      receipts = chunks.size * 3
      [201, { "content-type" => "application/json" },
       [{ receipts: receipts, bytes: raw.bytesize, checksum: checksum }.to_json], "JSON"]
    end

    # The stock-take export: the whole inventory as CSV, built in memory (~35 MB of Arrays and Strings).
    def inventory_export(_env, _m)
      rows = Array.new(60_000) do |i|
        ["SKU-#{100_000 + i}", PRODUCT_NAMES[i % PRODUCT_NAMES.size], (i * 37 % 9000).to_s, (i * 13 % 41).to_s,
         "store-#{i % 12}", "2026-12-0#{i % 6 + 1}"]
      end
      csv = rows.map { |r| r.join(",") }.join("\n")
      summary = "sku,name,price_cents,on_hand,store,counted_on\n# #{rows.size} rows, #{csv.bytesize} bytes\n"
      [200, { "content-type" => "text/csv" }, [summary + csv.byteslice(0, 64 * 1024)], "CSV"]
    end
  end

  class App
    def call(env)
      env["action_dispatch.request_id"] ||= env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      method = env["REQUEST_METHOD"]
      path = env["PATH_INFO"]
      route = ROUTES.find { |verb, re, _, name| verb == method && MOUNTED.include?(name) && re.match?(path) }
      return not_found(env) unless route

      _, re, action, name = route
      m = re.match(path)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      allocated = GC.stat(:total_allocated_objects)
      rails_started(env, action) if LOG_FORMAT == :rails
      status, headers, body, fmt = Handlers.public_send(name, env, m)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000.0
      log_request(env, action, fmt, status, ms, GC.stat(:total_allocated_objects) - allocated)
      [status, headers, body]
    end

    private

    def not_found(env)
      log_request(env, nil, "HTML", 404, 0.4, 120)
      [404, { "content-type" => "text/plain" }, ["Not Found"]]
    end

    def tag(env)
      "[#{env["action_dispatch.request_id"]}]"
    end

    def rails_started(env, action)
      ip = env["HTTP_X_FORWARDED_FOR"] || env["REMOTE_ADDR"]
      full = env["QUERY_STRING"].to_s.empty? ? env["PATH_INFO"] : "#{env["PATH_INFO"]}?#{env["QUERY_STRING"]}"
      Tillpoint.logger.info("#{tag(env)} Started #{env["REQUEST_METHOD"]} \"#{full}\" for #{ip} at " \
                            "#{Time.now.utc.strftime("%Y-%m-%d %H:%M:%S +0000")}")
      controller_format = action.include?("Export") ? "CSV" : (env["REQUEST_METHOD"] == "POST" ? "JSON" : "HTML")
      Tillpoint.logger.info("#{tag(env)} Processing by #{action} as #{controller_format}")
    end

    def log_request(env, action, fmt, status, ms, allocations)
      controller, act = (action || "ActionController::RoutingError#none").split("#")
      view = (ms * 0.55).round(2)
      db = (ms * 0.12).round(2)
      if LOG_FORMAT == :lograge
        Tillpoint.logger.info("#{tag(env)} method=#{env["REQUEST_METHOD"]} path=#{env["PATH_INFO"]} " \
                              "format=#{fmt.downcase} controller=#{controller} action=#{act} status=#{status} " \
                              "allocations=#{allocations} duration=#{ms.round(2)} view=#{view} db=#{db}")
      else
        text = Rack::Utils::HTTP_STATUS_CODES.fetch(status, "")
        Tillpoint.logger.info("#{tag(env)} Completed #{status} #{text} in #{ms.round}ms (Views: #{view.round(1)}ms | " \
                              "ActiveRecord: #{db.round(1)}ms | Allocations: #{allocations})")
      end
    end
  end
end
