# Saltcote Lido bookings (Rack stand-in for the Rails app; log/production.log is Rails 7.0's default format).
$LOAD_PATH.unshift File.expand_path("lib", __dir__)
$LOAD_PATH.unshift File.expand_path("vendor/unicorn-worker-killer/lib", __dir__)
require "unicorn/worker_killer"
# SL-77: restart a worker that outgrows its memory (checked every 16 requests, verbose since SL-140)
use Unicorn::WorkerKiller::Oom, Integer(ENV.fetch("WK_MIN_MB", "96")) * (1024**2), Integer(ENV.fetch("WK_MAX_MB", "112")) * (1024**2), 16, true
require "saltcote/app"
run Saltcote::App.new
