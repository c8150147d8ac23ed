# Sends the "your parcel arrives between …" SMS; the SMS gateway times out now and then (Sidekiq retries it).
class EtaNotifyJob < ApplicationJob
  class GatewayTimeout < StandardError; end

  def perform(stop_id, window)
    body = "Routewise: your parcel #{stop_id} arrives #{window}. Reply STOP to opt out."
    sleep 0.03 + rand * 0.05
    raise GatewayTimeout, "smsgw.internal:443 read timeout after 5s (stop #{stop_id})" if rand < 0.04
    body.bytesize
  end
end
