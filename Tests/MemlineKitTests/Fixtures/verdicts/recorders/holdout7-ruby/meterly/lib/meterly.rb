# Meterly (smart-meter readings API): a bare Rack app standing in for Rails 7.0 API mode with lograge (key=value
# formatter, behind the Rails logger: Logger::Formatter prefix with the pid).
require "json"
require "logger"
require "time"
require "rack"

module Meterly
  ROOT = File.expand_path("..", __dir__)

  def self.logger = @logger ||= Logger.new(File.join(ROOT, "log/production.log"))

  def self.after_fork(index)
    @logger = nil
    @worker = index
    # OPS-77 (p99 canary): GC off in one worker, the worker restarted by the hourly cron before it gets big.
    # The cron job was removed with the move to mt-api-3; the env var was not.
    GC.disable if ENV["GC_CANARY_WORKER"] && Integer(ENV["GC_CANARY_WORKER"]) == index
    start_gc_reporter(index)
  end

  # config/initializers/gc_reporter.rb: one JSON line per worker every 2 s for the metrics shipper
  def self.start_gc_reporter(index)
    path = File.join(ROOT, "log/gc_stat.log")
    Thread.new do
      loop do
        line = JSON.generate({ "at" => Time.now.utc.iso8601(3), "host" => "mt-api-3", "worker" => index, "pid" => Process.pid,
                               "stats" => GC.stat }) + "\n"
        File.open(path, "a") { |f| f.write(line) }
        sleep 2
      end
    end
  end
end

require "meterly/base_controller"
require "meterly/controllers"
require "meterly/router"
