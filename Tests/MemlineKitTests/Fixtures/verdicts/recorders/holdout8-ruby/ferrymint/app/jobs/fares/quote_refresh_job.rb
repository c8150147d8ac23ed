module Fares
  # Recomputes the fares the booking site shows for one route/day/vehicle class; results go through the LRU
  class QuoteRefreshJob
    def perform(route_id, day, vclass)
      tt = Ferrymint::Timetable.route(route_id)
      Ferrymint::FareCache.instance.fetch([route_id, day, vclass]) do
        Array.new(36) { |i| "#{day} #{vclass} Abfahrt #{i} · #{tt["stops"][i % 12]} · € #{format("%.2f", 9 + i * 0.75)} · " * 5 }
      end
      sleep 0.01
    end
  end
end
