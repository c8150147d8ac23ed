# Sidekiq 6.5 Pretty formatter: "#{time.utc.iso8601(3)} pid=#{::Process.pid} tid=#{tid}#{format_context} #{severity}: #{message}"
require "time"
module Tollard
  module Log
    LOCK = Mutex.new
    def self.tid
      Thread.current[:sidekiq_tid] ||= (Thread.current.object_id ^ ::Process.pid).to_s(36)
    end

    def self.emit(sev, msg, ctx)
      line = "#{Time.now.utc.iso8601(3)} pid=#{::Process.pid} tid=#{tid}#{ctx ? " #{ctx}" : ""} #{sev}: #{msg}\n"
      LOCK.synchronize { $stdout.write(line); $stdout.flush }
    end

    def self.info(msg, ctx = nil) = emit("INFO", msg, ctx)
    def self.warn(msg, ctx = nil) = emit("WARN", msg, ctx)
  end
end
