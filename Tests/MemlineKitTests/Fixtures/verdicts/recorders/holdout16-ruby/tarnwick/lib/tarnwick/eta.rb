# v85: the courier ETA is routed on every poll (the road graph is fast enough).
module Tarnwick
  module Eta
    def self.for(courier_id)
      legs = Array.new(12) { |i| format("leg %02d courier %d %s", i, courier_id, "segment " * 30) }
      legs.join("|")
    end
  end
end
