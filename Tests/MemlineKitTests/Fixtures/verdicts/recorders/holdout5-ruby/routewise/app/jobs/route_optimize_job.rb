# Every 30 s per depot wave: asks OSRM for the full duration matrix of the wave's stops, parses it and runs the
# savings heuristic over it. The matrix text and the parsed rows are dropped when the job ends.
class RouteOptimizeJob < ApplicationJob
  def perform(depot_id, stops)
    matrix_json = osrm_table(depot_id, stops)
    rows = JSON.parse(matrix_json)["durations"]
    savings = []
    (1...stops).step(7) do |i|
      (i + 1...stops).step(11) { |j| savings << [rows[0][i] + rows[0][j] - rows[i][j], i, j] }
    end
    savings.sort_by! { |s| -s[0] }
    savings.first(50).size
  end

  private

  # what GET /table/v1/driving/{coords}?annotations=duration,distance answers for `stops` points, read off the
  # socket into one String
  def osrm_table(depot_id, stops)
    rng = Random.new(depot_id)
    cells = Array.new(64) { |k| Array.new(stops) { |j| format("%.1f", 60 + (j * 37 + k * 101) % 2_900 + rng.rand) }.join(",") }
    body = +%({"code":"Ok","durations":[)
    stops.times { |i| body << (i.zero? ? "[" : ",[") << cells[(i * 7 + depot_id) % 64] << "]" }
    body << %(],"distances":[)
    stops.times { |i| body << (i.zero? ? "[" : ",[") << cells[(i * 11 + depot_id) % 64] << "]" }
    body << %(],"sources":[],"destinations":[]})
    body
  end
end
