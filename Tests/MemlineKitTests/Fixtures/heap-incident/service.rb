# A Ruby service that records a heap incident (see record.sh): it serves fake requests for SECONDS and takes three
# ObjectSpace.dump_all snapshots named heap-pid<PID>-<UTC time>.json, while record.sh samples its RSS with pidstat.
#
#   ruby --disable-gems service.rb SCENARIO SECONDS OUTDIR
#
# Like heap/record.rb, the code is evaluated under fixed file names, so allocation sites read app/web.rb:N and a
# vendored newrelic_rpm 3.9.6 path whatever the directory. Ten requests a second; each one
#   - builds a 16 KB report buffer and drops it (transient: never retained);
#   - leak: the "agent" keeps a 48 KB transaction trace (an Array of 6,000 slots) per request forever
#     (newrelic_rpm's agent.rb:6, the planted culprit, seed 001) and the app caches a 12 KB summary (an Array of
#     1,500 slots) per request (app/web.rb:6, smaller);
#   - healthy: the agent keeps the last 20 traces and the cache the last 50 entries (bounded).
# Snapshots at 20%, 55% and 90% of the run, each after two full GCs. (Arrays rather than Strings: dump_all writes a
# String's whole value, which would make the dumps megabytes of "tttt"; an Array's slots are not written.)
require "objspace"

SCENARIO = ARGV.fetch(0)
SECONDS = Float(ARGV.fetch(1, "45"))
OUT = ARGV.fetch(2, ".")
LEAK = SCENARIO == "leak"

GEM = <<~'RUBY'
  module NewRelic
    module Agent
      TRACES = []

      def self.record_trace(id, keep_all)
        trace = Array.new(6_000)
        TRACES << trace
        TRACES.shift while !keep_all && TRACES.size > 20
      end
    end
  end
RUBY

APP = <<~'RUBY'
  # app/web.rb: a controller that renders a big report and caches a summary of it.
  module ReportCache
    STORE = []

    def self.remember(id, keep_all)
      summary = Array.new(1_500)
      STORE << summary
      STORE.shift while !keep_all && STORE.size > 50
    end
  end

  class ReportsController
    def show(id, keep_all)
      NewRelic::Agent.record_trace(id, keep_all)
      buffer = "r" * 16_000
      ReportCache.remember(id, keep_all)
      buffer.size
    end
  end
RUBY

eval(GEM, TOPLEVEL_BINDING, "/srv/app/vendor/bundle/ruby/3.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb", 1)
eval(APP, TOPLEVEL_BINDING, "app/web.rb", 1)

File.write("/proc/self/comm", "report_service")

def dump
  GC.start(full_mark: true, immediate_sweep: true)
  GC.start(full_mark: true, immediate_sweep: true)
  stamp = Time.now.utc.strftime("%Y-%m-%dT%H-%M-%SZ")
  File.open(File.join(OUT, "heap-pid#{Process.pid}-#{stamp}.json"), "w") { |io| ObjectSpace.dump_all(output: io) }
end

ObjectSpace.trace_object_allocations_start
controller = ReportsController.new
start = Time.now
dumps = [0.2, 0.55, 0.9].map { |f| start + f * SECONDS }
id = 0
while Time.now - start < SECONDS
  id += 1
  controller.show(id, LEAK)
  if !dumps.empty? && Time.now >= dumps.first
    dumps.shift
    dump
  end
  sleep 0.1
end
