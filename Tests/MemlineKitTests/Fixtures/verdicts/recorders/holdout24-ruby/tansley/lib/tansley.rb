# Tansley recipe shop (ts-web-1), a Rack stand-in for the Rails 7 app (no Rails on the recording box): it writes what
# production.log holds with config.log_tags = [:request_id] (Logger::Formatter prefix, Started / Processing /
# Parameters / Completed). GC.stat goes to log/gc_stat.jsonl every 6 s; touching tmp/heapdump asks for a heap dump.
require "json"
require "logger"
require "time"
require "rack"
require "objspace"
require "tansley/recipe_cache"

module Tansley
  ROOT = "/srv/tansley"
  LOG = Logger.new("#{ROOT}/log/production.log")

  def self.boot
    return if @booted
    @booted = true
    Thread.new do
      File.open("#{ROOT}/log/gc_stat.jsonl", "a") do |f|
        f.sync = true
        loop { f.puts({ time: Time.now.to_i, pid: Process.pid, host: "ts-web-1", stat: GC.stat }.to_json); sleep 6 }
      end
    end
    Thread.new do
      n = 0
      loop do
        if File.exist?("#{ROOT}/tmp/heapdump")
          File.delete("#{ROOT}/tmp/heapdump")
          n += 1
          path = "#{ROOT}/tmp/heap-#{Process.pid}-#{n}.json"
          GC.start
          File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
          File.rename(path + ".part", path)
        end
        sleep 0.5
      end
    end
  end

  class App
    ROUTES = [
      ["GET", %r{\A/recipes/(?<id>\d+)\z}, "RecipesController#show", :recipe, "HTML"],
      ["GET", %r{\A/search\z}, "SearchController#index", :search, "HTML"],
      ["POST", %r{\A/baskets/(?<basket_id>\d+)/items\z}, "Baskets::ItemsController#create", :add_item, "HTML"],
      ["GET", %r{\A/reports/weekly-sales\z}, "Reports::WeeklySalesController#show", :weekly_sales, "HTML"],
      ["GET", %r{\A/up\z}, "Rails::HealthController#show", :up, "HTML"],
    ].freeze

    def initialize
      @cache = RecipeCache.new(capacity: 45)
      @lock = Mutex.new
    end

    def call(env)
      Tansley.boot
      req = Rack::Request.new(env)
      tag = "[#{env["HTTP_X_REQUEST_ID"]}] "
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      a0 = GC.stat(:total_allocated_objects)
      LOG.info("#{tag}Started #{req.request_method} \"#{req.fullpath}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}")
      _, re, action, handler, fmt = ROUTES.find { |m, r, *| m == req.request_method && r.match?(req.path_info) }
      unless handler
        LOG.info("#{tag}Completed 404 Not Found in 0ms (Views: 0.0ms | ActiveRecord: 0.0ms | Allocations: 40)")
        return [404, {}, ["not found"]]
      end
      md = re.match(req.path_info)
      LOG.info("#{tag}Processing by #{action} as #{fmt}")
      params = md.names.to_h { |n| [n, md[n]] }.merge(req.params)
      LOG.info("#{tag}  Parameters: #{params.inspect}") unless params.empty?
      status, body, db = send(handler, req, md)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      LOG.info(format("%sCompleted %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", tag, status,
                      Rack::Utils::HTTP_STATUS_CODES[status], ms, ms * 0.4, db, GC.stat(:total_allocated_objects) - a0))
      [status, { "content-type" => "text/html" }, [body]]
    end

    def recipe(_req, md)
      id = md[:id].to_i
      html = @lock.synchronize { @cache.fetch(id) { render_recipe(id) } }
      [200, html, 2.3]
    end

    def render_recipe(id)
      steps = Array.new(120) { |i| "<li class=\"step\">Step #{i + 1} for recipe #{id}: " + ("stir gently and season " * 20) + "</li>" }
      "<html><body><h1>Recipe #{id}</h1><ol>#{steps.join}</ol></body></html>"
    end

    def search(req, _md)
      q = req.params["q"].to_s
      hits = Array.new(50) { |i| "<li>#{q} result #{i}</li>" }
      [200, "<ul>#{hits.join}</ul>", 11.7]
    end

    def add_item(_req, md)
      [302, "redirect to /baskets/#{md[:basket_id]}", 4.9]
    end

    # Weekly sales: slow (the warehouse query takes seconds), moderate allocations.
    def weekly_sales(_req, _md)
      sleep 2.5 + rand
      rows = Array.new(20_000) { |i| "<tr><td>#{i}</td><td>#{(i * 31) % 977}</td></tr>" }
      [200, "<table>#{rows.join}</table>", 2_610.4]
    end

    def up(_req, _md) = [200, "ok", 0.0]
  end
end
