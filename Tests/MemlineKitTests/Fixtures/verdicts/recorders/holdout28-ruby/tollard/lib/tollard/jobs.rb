require "tollard/chart_raster"

module Tollard
  # TH-140: last known fixes per vessel, for the berth board (every AIS message, ~7 a second)
  module VesselRegistry
    CACHE = {}
    LOCK = Mutex.new
    def self.record(mmsi, lat, lon)
      LOCK.synchronize do
        v = (CACHE[mmsi] ||= { "mmsi" => mmsi, "name" => "VESSEL #{mmsi % 10_000}", "track" => [] })
        v["track"] << [lat, lon, Time.now.to_i]
        v["track"].shift while v["track"].size > 24
      end
    end
  end

  class VesselPositionJob
    def perform(mmsi, lat, lon)
      VesselRegistry.record(mmsi, lat, lon)
      sleep 0.01
    end
  end

  # TH-212: tide table charts for the harbour office screens and the website, one per station and day
  class TideTableRenderJob
    def perform(station, day)
      levels = Array.new(96) { |i| 2.6 + 2.1 * Math.sin((i + day) / 7.6) }
      raster = ChartRaster.new(levels.size).plot(levels)
      sleep 0.05
      { "station" => station, "day" => day, "png_bytes" => raster.to_png_size }
    end
  end

  # monthly port dues: every movement of the month priced line by line, then summed per berth
  class PortDuesInvoiceJob
    def perform(month)
      lines = Array.new(48_000) do |i|
        { "movement" => "MV#{month.delete("-")}#{i}", "gt" => 300 + (i * 37) % 9_000, "tariff" => "T#{i % 7}",
          "amount" => format("%.2f", ((300 + (i * 37) % 9_000) * 0.0875)), "berth" => "B#{i % 40}" }
      end
      by_berth = lines.group_by { |l| l["berth"] }.transform_values { |ls| ls.sum { |l| l["amount"].to_f }.round(2) }
      sleep 0.2
      by_berth.size
    end
  end
end
