# Ferrymint (ferry ticketing for island operators): job-side code on fm-jobs-1.
require "json"
require "securerandom"
require "time"
require "objspace"

module Ferrymint
  ROOT = File.expand_path("..", __dir__)

  # config/initializers/heap_dumper.rb (FM-230): allocation tracing from boot when HEAP_TRACE=1; SIGUSR2 writes a full
  # ObjectSpace.dump_all (after a full GC) to tmp/heap_<pid>_<n>.json
  def self.install_heap_dumper
    return unless ENV["HEAP_TRACE"] == "1"
    ObjectSpace.trace_object_allocations_start
    wanted = 0
    trap("USR2") { wanted += 1 }
    Thread.new do
      done = 0
      loop do
        sleep 0.1
        next unless wanted > done
        done += 1
        GC.start(full_mark: true, immediate_sweep: true)
        path = File.join(ROOT, "tmp/heap_#{Process.pid}_#{done}.json")
        File.open(path + ".part", "w") { |io| ObjectSpace.dump_all(output: io) }
        File.rename(path + ".part", path)
      end
    end
  end
end

require "ferrymint/timetable"
require "ferrymint/fare_cache"
