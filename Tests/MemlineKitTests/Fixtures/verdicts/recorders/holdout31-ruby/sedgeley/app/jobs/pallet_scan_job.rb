# Sedgeley Orchards: a batch of pallet scans from the cold-store gates (every half second). Parses the scan rows
# and looks up each new pallet's route through the racking, cached per pallet.
require "pallet_route_cache"

class PalletScanJob
  @@seq = 0

  def perform
    @@seq += 1
    rows = Array.new(240) { |i| "gate-#{i % 6},P#{900_000 + (@@seq * 3 + i % 3)},#{Time.now.to_f},#{"%.1f" % (1.5 + (i % 9) * 0.1)},ok,#{"-" * 60}" }
    parsed = rows.map { |r| r.split(",") }
    parsed.group_by { |p| p[1] }.each_key { |pallet| PalletRouteCache.route_for(pallet) }
    parsed.size
  end
end
