module Thornbury
  # Pushes the ring's bid increments to the online bidding screens.
  class BidIncrementSyncJob
    def self.sample_args
      [rand(1..6)]
    end

    def perform(ring)
      steps = Array.new(40) { |i| { ring: ring, from: i * 50, step: 5 + i / 4 } }
      sleep 0.01
      steps.size
    end
  end
end
