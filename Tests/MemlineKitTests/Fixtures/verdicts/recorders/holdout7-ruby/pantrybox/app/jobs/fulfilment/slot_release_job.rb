module Fulfilment
  class SlotReleaseJob
    def perform(hub)
      slots = Array.new(600) { |i| { "hub" => hub, "slot" => i, "free" => (i * hub) % 7 } }
      sleep 0.06
      slots.count { |s| s["free"] > 3 }
    end
  end
end
