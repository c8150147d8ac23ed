module Peckwatch
  Event = Struct.new(:name, :started, :finished, :payload) do
    def duration = (finished - started) * 1000.0
  end

  class Subscriber
    attr_reader :pattern, :callback, :tags
    def initialize(pattern, tags, callback)
      @pattern, @tags, @callback = pattern, tags, callback
    end

    def matches?(name) = @pattern === name
  end

  class Notifier
    @subscribers = []
    @lock = Mutex.new
    class << self
      def subscribe(pattern, tags = {}, &blk)
        sub = Subscriber.new(pattern, tags, blk)
        @lock.synchronize { @subscribers << sub }
        sub
      end

      def unsubscribe(sub) = @lock.synchronize { @subscribers.delete(sub) }

      def instrument(name, payload = {})
        t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
        result = yield payload
        ev = Event.new(name, t0, Process.clock_gettime(Process::CLOCK_MONOTONIC), payload)
        @lock.synchronize { @subscribers.select { |s| s.matches?(name) } }.each { |s| s.callback.call(ev) rescue nil }
        result
      end

      def size = @subscribers.size
    end
  end

  def self.subscribe(...) = Notifier.subscribe(...)
  def self.instrument(...) = Notifier.instrument(...)
end
