# Sedgeley Orchards: refresh the picking forecast for the packhouse board (every 20 s, a couple of MB of scratch rows).
class HarvestForecastJob
  def perform
    rows = Array.new(9_000) { |i| { block: "B#{i % 40}", variety: %w[Cox Gala Bramley Egremont][i % 4], bins: i % 17 } }
    rows.group_by { |r| r[:variety] }.transform_values { |rs| rs.sum { |r| r[:bins] } }
  end
end
