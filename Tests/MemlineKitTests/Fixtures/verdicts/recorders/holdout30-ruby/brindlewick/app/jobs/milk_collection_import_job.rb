# Imports a tanker's collection manifest (farm, litres, temperature, butterfat, protein) from the depot CSV.
class MilkCollectionImportJob
  def perform(rng)
    rows = Array.new(7_000) { |i| "FARM-#{rng.rand(1..900)},#{rng.rand(200..9000)},#{(3 + rng.rand * 2).round(2)},#{(3.8 + rng.rand).round(2)},#{(3.1 + rng.rand * 0.6).round(2)},TK-#{i % 40}" }
    parsed = rows.map { |r| r.split(",") }
    litres = parsed.sum { |r| r[1].to_i }
    "imported #{parsed.size} collections, #{litres} litres"
  end
end
