module Kelderby
  # Every second: pulls the last batch of bollard-load and crane telemetry (~25,000 readings), parses and aggregates
  # them per quay. Heavy on short-lived strings and hashes; nothing is kept after the run.
  class QuayTelemetryIngestJob
    QUAYS = %w[north-mole ro-ro-2 fish-dock coal-staithe grain-berth].freeze

    def perform(batch)
      rng = Random.new(batch)
      raw = Array.new(25_000) { |i| "#{QUAYS[i % 5]},B#{i % 64},#{rng.rand(1000)}.#{rng.rand(100)},#{1_800_000_000 + i}" }
      per_quay = Hash.new { |h, k| h[k] = [] }
      raw.each do |line|
        quay, bollard, load, ts = line.split(",")
        per_quay[quay] << { bollard: bollard, load: load.to_f, at: ts.to_i }
      end
      per_quay.transform_values { |rows| rows.sum { |r| r[:load] } / rows.size }
    end
  end
end
