# frozen_string_literal: true

# In-process pub/sub used by jobs to react to shipment events ("notify the recipient when it is delivered").
# Listeners stay registered until #unsubscribe is called with the handle subscribe returned.
module Parcelhub
  module EventBus
    LISTENERS = Hash.new { |h, k| h[k] = [] }
    LOCK = Mutex.new

    def self.subscribe(event, &blk)
      LOCK.synchronize { LISTENERS[event] << blk }
      [event, blk]
    end

    def self.unsubscribe((event, blk))
      LOCK.synchronize { LISTENERS[event].delete(blk) }
    end

    def self.publish(event, data)
      LOCK.synchronize { LISTENERS[event].dup }.each { |l| l.call(data) }
    end
  end
end
