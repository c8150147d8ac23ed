# Tillwise (point-of-sale for bakeries and cafés): job-side code on tw-jobs-2.
require "json"
require "logger"
require "securerandom"
require "time"
require "digest"

module Tillwise
  ROOT = File.expand_path("..", __dir__)

  # config/initializers/gc_stat_logger.rb (TW-611): one GC.stat line every 3 s in log/gc.log (Ruby Logger)
  def self.start_gc_logger(every = 3.0)
    logger = Logger.new(File.join(ROOT, "log/gc.log"))
    Thread.new do
      loop do
        logger.info("GC.stat #{GC.stat.inspect}")
        sleep every
      end
    end
  end
end

require "tillwise/fiscal"
