# Cresswell Bakery wholesale ordering, Rack stand-in for the Rails app. One lograge line per request (lograge's
# KeyValue formatter, custom_options adding pid, tenant and request_id) through Rails.logger, whose formatter is
# Ruby's Logger::Formatter (Rails' production default), and per worker a GC.stat line every 10 s
# written by the team's gc_stats initializer as a JSON envelope {"ts","app","worker","pid","gc":{...}}.
require "json"
require "logger"
require "time"
require "securerandom"
require "tenant_pricing"
require "bake_sheet"

module Cresswell
  ROOT = "/srv/cresswell"
  @log = nil

  def self.log
    @log ||= Logger.new(File.open("#{ROOT}/log/production.log", "a").tap { |f| f.sync = true }, level: :info)
  end

  def self.worker_booted(index)
    @log = nil
    Thread.new do
      f = File.open("#{ROOT}/log/gc_stats.log", "a")
      f.sync = true
      loop do
        f.puts JSON.generate({ "ts" => Time.now.iso8601(3), "app" => "cresswell", "worker" => index, "pid" => Process.pid, "gc" => GC.stat })
        sleep 10
      end
    end
  end

  PRODUCTS = Array.new(500) { |i| { "sku" => "CB-#{1000 + i}", "name" => %w[sourdough bloomer bap focaccia rye croissant][i % 6], "price" => 1.2 + (i % 30) * 0.1 } }

  class App
    ROUTES = [
      [%r{\A/api/v1/orders/(\d+)\z}, "Api::V1::OrdersController", "show", "json", :order],
      [%r{\A/api/v1/products/(\d+)\z}, "Api::V1::ProductsController", "show", "json", :product],
      [%r{\A/shop/(\d+)\z}, "ShopController", "show", "html", :shop],
      [%r{\A/reports/daily-bake\.pdf\z}, "ReportsController", "daily_bake", "pdf", :bake],
      [%r{\A/up\z}, "Rails::HealthController", "show", "html", :up],
    ].freeze

    def call(env)
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      path = env["PATH_INFO"]
      re, ctrl, action, fmt, sym = ROUTES.find { |r| r[0].match?(path) }
      return [404, {}, ["not found"]] unless re
      tenant = env["HTTP_X_TENANT"] || "retail"
      db = 0.0
      body, type = send(sym, path[re, 1], tenant) { |ms| sleep(ms / 1000.0); db += ms }
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      view = %w[json pdf].include?(fmt) ? 0.0 : ms * 0.3
      Cresswell.log.info("method=GET path=#{path} format=#{fmt} controller=#{ctrl} action=#{action} status=200 " \
                          "duration=#{format("%.2f", ms)} view=#{format("%.2f", view)} db=#{format("%.2f", db)} " \
                          "pid=#{Process.pid} tenant=#{tenant} request_id=#{env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid}")
      [200, { "content-type" => type }, [body]]
    end

    def order(id, tenant)
      yield 4.0
      lines = Array.new(12) { |i| Cresswell::PRODUCTS[(id.to_i + i * 17) % 500] }
      quote = TenantPricing.quote(tenant, id.to_i, lines)
      [JSON.generate({ "id" => id.to_i, "tenant" => tenant, "lines" => quote }), "application/json"]
    end

    def product(id, _tenant)
      yield 2.5
      [JSON.generate(Cresswell::PRODUCTS[id.to_i % 500]), "application/json"]
    end

    def shop(id, _tenant)
      yield 5.0
      ["<h1>Order #{id}</h1>" + ("<li>loaf</li>" * 60), "text/html"]
    end

    def bake(_id, _tenant)
      yield 60.0
      [BakeSheet.pdf, "application/pdf"]
    end

    def up(_id, _tenant) = ["ok", "text/plain"]
  end
end
