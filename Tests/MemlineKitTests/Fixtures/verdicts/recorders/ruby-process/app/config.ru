# A small shop app on real unicorn (Debian's unicorn 6.0.0, preload_app) that the recorder drives with HTTP load.
# What it plants depends on INCIDENT (see ../record.sh) and, for the deploy, on the release's REVISION file.
#
# Per-request RSS lines (seed 000's around_filter, as Rack middleware) go to performance.log through Ruby's Logger:
#   I, [2026-12-06T09:10:00.123456 #4907]  INFO -- : CONSUME MEMORY: 312KB\tNow: 61204 KB\thttps://shop.example.com/cart
# or, with APP_LOG=rails, Rails 7 tagged request lines (no RSS) to production.log.
# Every worker samples GC.stat once a second (format per GC_FORMAT).
require "logger"
require "json"
require "securerandom"
require "unicorn/worker_killer"

INCIDENT = ENV.fetch("INCIDENT")
LOG_DIR = ENV.fetch("LOG_DIR")
REVISION = File.read(File.expand_path("REVISION", __dir__)).split.first
APP_LOG = ENV.fetch("APP_LOG", "rss")
GC_FORMAT = ENV.fetch("GC_FORMAT", "jsonl")

module Shop
  WIDGETS = {} # memoized widget payloads: the key has the render time in it, so nothing is ever reused
  ORDER_SERIALIZER_CACHE = [] # v42's "cache" for order JSON: appended to on every request, never read back

  module_function

  def rss_kb
    File.foreach("/proc/self/status") { |l| return l.split[1].to_i if l.start_with?("VmRSS:") }
    0
  end

  def rows(n, tag)
    Array.new(n) { |i| { "id" => i, "name" => "#{tag}-#{i}", "price_cents" => i * 7 % 9999, "tags" => %w[new sale] } }
  end

  def render(n, tag)
    rows(n, tag).map(&:to_json).join(",").bytesize
  end

  def call(env)
    path = env["PATH_INFO"]
    case path
    when "/" then [200, render(150, "home")]
    when %r{\A/products/(\d+)\z} then [200, render(400, "product")]
    when "/search" then [200, render(1500, "hit")]
    when "/cart" then [200, render(250, "line")]
    when %r{\A/dashboard/widgets/(\d+)\z}
      body = "w" * 100_000 + render(300, "widget").to_s
      WIDGETS[[$1.to_i, Process.clock_gettime(Process::CLOCK_REALTIME, :nanosecond)]] = body if INCIDENT == "job-during-leak"
      [200, body.bytesize]
    when %r{\A/api/v1/orders/(\d+)\z}
      json = render(500, "order")
      ORDER_SERIALIZER_CACHE << ("o" * 150_000) if REVISION >= "v42" && INCIDENT == "deploy-growth"
      [200, json]
    when %r{\A/exports/(\d+)\.csv\z}
      csv = "id,name,total\n" * (32 * 1024 * 1024 / 14 + 100) # a 32 MB CSV built and dropped
      [200, csv.bytesize]
    when "/admin/health/deep"
      sleep 40 # a hung dependency check: unicorn's timeout kills the worker
      [200, 0]
    else [404, 0]
    end
  end
end

# The seed's around_filter: RSS before and after each request.
class ConsumeMemory
  def initialize(app, path)
    @app = app
    @log = Logger.new(path)
  end

  def call(env)
    before = Shop.rss_kb
    res = @app.call(env)
    after = Shop.rss_kb
    url = "https://shop.example.com#{env['PATH_INFO']}#{env['QUERY_STRING'].to_s.empty? ? '' : '?' + env['QUERY_STRING']}"
    @log.info("CONSUME MEMORY: #{after - before}KB\tNow: #{after} KB\t#{url}")
    res
  end
end

# Rails 7 tagged request lines (config.log_tags = [:request_id]) as production.log holds them.
class RailsRequestLog
  ACTIONS = [[%r{\A/\z}, "HomeController#index", "HTML"], [%r{\A/products/}, "ProductsController#show", "HTML"],
             [%r{\A/search}, "SearchController#index", "HTML"], [%r{\A/cart}, "CartsController#show", "HTML"],
             [%r{\A/dashboard/widgets/}, "Dashboard::WidgetsController#show", "HTML"],
             [%r{\A/api/v1/orders/}, "Api::V1::OrdersController#show", "JSON"],
             [%r{\A/exports/}, "ExportsController#show", "CSV"], [%r{\A/admin/}, "Admin::HealthController#deep", "HTML"]]

  def initialize(app, path)
    @app = app
    @log = Logger.new(path)
  end

  def call(env)
    uuid = SecureRandom.uuid
    path = env["PATH_INFO"]
    qs = env["QUERY_STRING"].to_s
    full = qs.empty? ? path : "#{path}?#{qs}"
    _, action, fmt = ACTIONS.find { |re, _, _| re.match?(path) }
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    a0 = GC.stat(:total_allocated_objects)
    @log.info("[#{uuid}] Started GET \"#{full}\" for #{env['REMOTE_ADDR']} at #{Time.now.utc.strftime('%Y-%m-%d %H:%M:%S +0000')}")
    if action
      @log.info("[#{uuid}] Processing by #{action} as #{fmt}")
      id = path[/\d+/]
      @log.info("[#{uuid}]   Parameters: #{id ? { 'id' => id }.inspect : { 'q' => qs.sub('q=', '') }.inspect}") if id || !qs.empty?
    end
    status, headers, body = @app.call(env)
    ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    allocs = GC.stat(:total_allocated_objects) - a0
    if status == 404
      @log.fatal("[#{uuid}]   \n[#{uuid}] ActionController::RoutingError (No route matches [GET] \"#{path}\"):\n[#{uuid}]   ")
    else
      @log.info(format("[%s] Completed 200 OK in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)",
                       uuid, ms.round, ms * 0.35, ms * 0.2, allocs))
    end
    [status, headers, body]
  end
end

module Shop
  # Started in unicorn's after_fork (config/unicorn.rb): one GC.stat sample a second.
  def self.start_gc_sampler
    path = File.join(LOG_DIR, GC_FORMAT == "logger" ? "gc_stat.log" : "gc_stat.jsonl")
    Thread.new do
      if GC_FORMAT == "logger"
        log = Logger.new(path)
        loop { log.info("GC.stat #{GC.stat.inspect}"); sleep 1 }
      else
        f = File.open(path, "a")
        f.sync = true
        loop do
          now = Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ")
          if GC_FORMAT == "envelope"
            f.puts({ time: now, pid: Process.pid, gc_stat: GC.stat }.to_json)
          else
            f.puts GC.stat.merge(timestamp: now, pid: Process.pid).to_json
          end
          sleep 1
        end
      end
    end
  end
end

killer_min, killer_max = INCIDENT == "gc-envelope" ? [380, 420] : [1024, 1536]
use Unicorn::WorkerKiller::Oom, killer_min * 1024 * 1024, killer_max * 1024 * 1024, 16
if APP_LOG == "rails"
  use RailsRequestLog, File.join(LOG_DIR, "production.log")
else
  use ConsumeMemory, File.join(LOG_DIR, "performance.log")
end
run lambda { |env|
  status, size = Shop.call(env)
  [status, { "content-type" => "text/plain" }, ["#{size}\n"]]
}
