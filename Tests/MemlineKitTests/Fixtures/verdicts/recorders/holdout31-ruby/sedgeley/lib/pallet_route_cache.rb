# Routes through the racking per pallet, cached for the pallet's stay in the cold store (purged by the weekly
# dispatch sweep, SO-268).
module PalletRouteCache
  ROUTES = {}
  LOCK = Mutex.new

  def self.route_for(pallet)
    LOCK.synchronize { ROUTES[pallet] ||= compute(pallet) }
  end

  def self.compute(pallet)
    n = pallet.delete("P").to_i
    Array.new(12) { |hop| "aisle #{(n + hop) % 18}/bay #{(n * 7 + hop) % 40}/level #{hop % 5} temp-zone C#{n % 4} #{"~" * 200}" }.join(";")
  end
end
