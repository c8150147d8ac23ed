# frozen_string_literal: true

# Debian's puma 5.6.5, cluster mode: one master, WEB_CONCURRENCY workers of 2 threads each.
app_root = File.expand_path("..", __dir__)
directory app_root
rackup File.join(app_root, "config.ru")
environment "production"
tag "tillpoint"
bind "tcp://127.0.0.1:#{ENV.fetch("PORT", "3000")}"
workers Integer(ENV.fetch("WEB_CONCURRENCY", "3"))
threads 2, 2
preload_app!
pidfile File.join(app_root, "tmp", "pids", "puma.pid")
worker_timeout 60

on_worker_boot do |index|
  # ALLOC_TRACE=1: allocation file:line in heap dumps (costs CPU; turned on for this investigation)
  ObjectSpace.trace_object_allocations_start if ENV["ALLOC_TRACE"]
  Tillpoint.worker_boot(index)
end
