# Lanternpay (payroll SaaS) web app: a bare Rack app standing in for Rails 7.1 (no Rails on this box). It logs what
# Rails 7.1's production.log holds without tags (Logger::Formatter: Started / Processing by / Parameters /
# Completed with Allocations).
require "json"
require "logger"
require "time"
require "rack"

module Lanternpay
  ROOT = File.expand_path("..", __dir__)
  SHARED = "/srv/lanternpay/shared"
  VERSION = File.read(File.join(ROOT, "VERSION")).strip

  def self.logger
    @logger ||= Logger.new(File.join(SHARED, "log/production.log")).tap { |l| l.formatter = ::Logger::Formatter.new }
  end

  def self.after_fork
    @logger = nil
  end
end

require "lanternpay/formats"
require "lanternpay/router"
