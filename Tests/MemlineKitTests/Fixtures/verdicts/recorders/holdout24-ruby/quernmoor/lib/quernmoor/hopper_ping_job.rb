module Quernmoor
  class HopperPingJob
    def perform(hopper) = "hopper #{hopper}: #{(hopper * 7919) % 100}% full"
  end
end
