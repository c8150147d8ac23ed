# Tallybook (multi-tenant invoicing) web app: a bare Rack app standing in for Rails 7.1 (no Rails on this box).
# Its request log is what lograge's Logstash formatter writes to production.log: one JSON object per request with
# @timestamp, @version and message, plus the custom_options pid, host, request_id and tenant.
require "json"
require "logger"
require "securerandom"
require "time"
require "rack"

module Tallybook
  ROOT = File.expand_path("..", __dir__)
  SHARED = ENV.fetch("TALLYBOOK_SHARED", "/srv/tallybook/shared")
  VERSION = File.read(File.join(ROOT, "VERSION")).strip
  HOST = "tb-web-2"

  def self.logger
    @logger ||= Logger.new(File.join(SHARED, "log/production.log")).tap do |l|
      l.formatter = proc { |_severity, _time, _prog, msg| "#{msg}\n" }
    end
  end
end

require "tallybook/router"
