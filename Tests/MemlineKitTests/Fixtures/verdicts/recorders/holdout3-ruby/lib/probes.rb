# frozen_string_literal: true

# What the apps carry for the on-call engineer (stdlib only):
#   HeapDump  ALLOC_TRACE=1 turns on ObjectSpace.trace_object_allocations_start at boot; `kill -URG PID` asks for an
#             ObjectSpace.dump_all, written by the process's main thread after two full GCs (between requests/jobs).
#   GcSampler GC_STAT_FILE=path appends GC.stat once a second as a JSON line: bare ({…GC.stat…, "time", "pid"}) or in
#             an envelope ({"time":…, "pid":…, "gc":{…}}).
require "json"
require "objspace"

module HeapDump
  @wanted = 0
  @done = 0
  class << self
    attr_accessor :dir, :namer

    def install(dir:, namer:)
      @dir = dir
      @namer = namer # ->(n) { file name }
      ObjectSpace.trace_object_allocations_start if ENV["ALLOC_TRACE"] == "1"
      trap("URG") { @wanted += 1 }
    end

    def poll
      return unless @dir && @wanted > @done
      @done += 1
      GC.start(full_mark: true, immediate_sweep: true)
      GC.start(full_mark: true, immediate_sweep: true)
      path = File.join(@dir, @namer.call(@done))
      File.open("#{path}.part", "w") { |io| ObjectSpace.dump_all(output: io) }
      File.rename("#{path}.part", path)
    end
  end
end

module GcSampler
  def self.start(path, envelope: false)
    return unless path
    Thread.new do
      File.open(path, "a") do |f|
        f.sync = true
        loop do
          now = Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%3NZ")
          stat = GC.stat
          f.puts(envelope ? { time: now, pid: Process.pid, gc: stat }.to_json : stat.merge(time: now, pid: Process.pid).to_json)
          sleep 1
        end
      end
    end
  end
end
