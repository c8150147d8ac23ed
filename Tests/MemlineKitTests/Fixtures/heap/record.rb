# Records the three-snapshot heap dump fixtures (heap-1/2/3.json.gz) with a planted leak.
#
#   cd Tests/MemlineKitTests/Fixtures/heap && ruby --disable-gems record.rb && gzip -9nf heap-*.json
#
# (The committed dumps were recorded in a scratch directory; its path in them, a string value, was
# replaced with the same-length /srv/app/scr/record.rb.)
#
# Recorded with Debian 12's ruby 3.1.2. The "app" is evaluated under fixed file names so that
# allocation sites read app/web.rb:N and a fake vendored gem path, whatever the directory.
#
# What the dumps hold (the tests assert it):
# - before snapshot 1: 50 requests (their leaked objects are in every snapshot: not new);
# - between 1 and 2: 200 requests, each leaking one String (app/web.rb:17) held by one Hash
#   (app/web.rb:10) in ReportCache::STORE, and one NewRelic::Agent::Segment (newrelic_rpm's agent.rb:13)
#   in the gem's SEGMENTS; plus 100 "pending" strings (app/web.rb:24) alive at snapshot 2 and dropped before 3;
# - between 2 and 3: 100 more requests (new in 3, so not part of the 1→2 leak).
require "objspace"

APP = <<~'RUBY'
  # app/web.rb: a controller that caches every report it renders, forever.
  module ReportCache
    STORE = []

    def self.size
      STORE.size
    end

    def self.remember(id, body)
      STORE << { id: id, body: body }
    end
  end

  class ReportsController
    def show(id)
      NewRelic::Agent.trace(id)
      body = "report #{id}: " + ("x" * 48)
      ReportCache.remember(id, body)
      scratch = Array.new(8) { |i| "scratch #{i}" }
      scratch.size + body.size
    end

    def queue_pending(n)
      Array.new(n) { |i| "pending #{i}" }
    end
  end
RUBY

GEM = <<~'RUBY'
  module NewRelic
    module Agent
      class Segment
        def initialize(id)
          @id = id
          @started_at = 0
        end
      end

      SEGMENTS = []

      def self.trace(id)
        SEGMENTS << Segment.new(id)
      end
    end
  end
RUBY

eval(GEM, TOPLEVEL_BINDING, "/srv/app/vendor/bundle/ruby/3.1.0/gems/newrelic_rpm-3.9.6/lib/new_relic/agent.rb", 1)
eval(APP, TOPLEVEL_BINDING, "app/web.rb", 1)

def requests(controller, from, count)
  from.upto(from + count - 1) { |id| controller.show(id) }
  nil
end

def dump(path)
  GC.start(full_mark: true, immediate_sweep: true)
  GC.start(full_mark: true, immediate_sweep: true)
  File.open(path, "w") { |io| ObjectSpace.dump_all(output: io) }
end

ObjectSpace.trace_object_allocations_start
controller = ReportsController.new
requests(controller, 1, 50)
dump("heap-1.json")

requests(controller, 51, 200)
$pending = controller.queue_pending(100)
dump("heap-2.json")

$pending = nil
requests(controller, 251, 100)
dump("heap-3.json")
