module Notifications
  # "Your declarations today" mail to a broker: a few rows, rendered and handed to the mailer.
  class BrokerDigestJob
    def perform(broker_id)
      rows = Array.new(25) { |i| "DE#{broker_id}#{format("%05d", i)} cleared #{%w[green yellow red][i % 3]}" }
      sleep 0.02 + rand * 0.02
      rows.join("\n").bytesize
    end
  end
end
