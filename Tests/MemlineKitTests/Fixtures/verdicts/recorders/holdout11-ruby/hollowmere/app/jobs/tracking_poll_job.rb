# TrackingPollJob: polls a carrier's tracking API for a batch of parcels (~300 events of JSON, dropped after).
require "json"

class TrackingPollJob
  def perform(carrier, batch)
    body = JSON.generate(Array.new(300) { |i| { "parcel" => "#{batch}-#{i}", "carrier" => carrier, "event" => %w[in_transit out_for_delivery delivered][i % 3], "at" => Time.now.utc.iso8601 } })
    JSON.parse(body).count { |e| e["event"] == "delivered" }.tap { sleep 0.05 }
  end
end
