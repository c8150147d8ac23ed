# HM-301 "tank_reading_history": keep each tank's readings in memory for the cooling-curve chart on the
# collection screen. Meant to be trimmed by the nightly cooling report; nothing trims it during the day.
module Hollowmere
  module TankHistory
    READINGS = Hash.new { |h, k| h[k] = [] }
    LOCK = Mutex.new
    def self.append(tank_id, reading, raw)
      LOCK.synchronize do
        READINGS[tank_id] << { "at" => reading["at"], "temp_c" => reading["temp_c"], "litres" => reading["litres"],
                               "probe_frames" => raw.scan(/.{1,64}/m) }
      end
    end
  end
end
