# Cartwheel: the shop's cart/checkout API (web on unicorn, jobs on a Sidekiq stand-in).
require "logger"
require "json"

module Cartwheel
  ROOT = File.expand_path("..", __dir__)
  SHARED = ENV.fetch("CARTWHEEL_SHARED", File.join(ROOT, "shared"))
  VERSION, REVISION = File.read(File.join(ROOT, "REVISION")).split rescue %w[dev unknown]

  def self.rss_kb
    File.foreach("/proc/self/status") { |l| return l.split[1].to_i if l.start_with?("VmRSS:") }
    0
  end

  def self.rows(n, seed)
    Array.new(n) { |i| { "id" => seed * 1000 + i, "name" => "item #{seed}-#{i}", "cents" => i * 37 % 9000 } }
  end
end
