# Runs for every stop the shippers upload: geocodes the address and stores the rooftop point on the stop.
class AddressNormalizeJob < ApplicationJob
  def perform(stop_id, raw_address)
    hit = Routewise::Geo.lookup(raw_address)
    point = hit["best"].values_at("lat", "lon").map(&:to_f)
    sleep 0.02 + rand * 0.03 # UPDATE stops SET lat/lon
    { "stop_id" => stop_id, "point" => point }
  end
end
