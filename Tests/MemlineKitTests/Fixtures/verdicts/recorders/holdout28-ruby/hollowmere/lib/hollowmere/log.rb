# rails_semantic_logger 4.14 JSON appender layout (SemanticLogger::Formatters::Json).
require "json"
require "time"
module Hollowmere
  module Log
    PATH = "/srv/hollowmere/shared/log/production.log"
    LOCK = Mutex.new
    LEVELS = { "debug" => 1, "info" => 2, "warn" => 3, "error" => 4 }
    def self.emit(level, name, message, payload: nil, duration_ms: nil, request_id: nil)
      h = { "host" => "hm-web-2", "application" => "Semantic Logger", "environment" => "production",
            "timestamp" => Time.now.utc.iso8601(6), "level" => level, "level_index" => LEVELS[level], "pid" => Process.pid,
            "thread" => Thread.current.name || "puma srv tp 00#{Thread.current.object_id % 3 + 1}" }
      h["named_tags"] = { "request_id" => request_id } if request_id
      if duration_ms
        h["duration_ms"] = duration_ms.round(3)
        h["duration"] = duration_ms < 1000 ? "#{duration_ms.round(1)}ms" : "#{(duration_ms / 1000).round(3)}s"
      end
      h["name"] = name
      h["message"] = message
      h["payload"] = payload if payload
      line = JSON.generate(h) << "\n"
      LOCK.synchronize { File.open(PATH, "a") { |f| f.write(line) } }
    end
  end
end
