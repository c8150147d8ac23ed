require "objspace"

module Brackenfold
  # BF-61: `touch tmp/heapdump` makes the app write ObjectSpace.dump_all (after a full GC) to tmp/heap.json.
  module HeapDump
    def self.watch(trigger, out)
      ObjectSpace.trace_object_allocations_start if ENV["HEAP_TRACE"] == "1"
      Thread.new do
        loop do
          sleep 0.5
          next unless File.exist?(trigger)
          File.delete(trigger)
          GC.start
          File.open(out + ".tmp", "w") { |f| ObjectSpace.dump_all(output: f) }
          File.rename(out + ".tmp", out)
          $stdout.puts "heap dump written to #{out} (pid #{Process.pid})"
        end
      end
    end
  end
end
