# Lanthorne (booking software for physiotherapy practices): the job classes the job box runs.
require "securerandom"
require "lanthorne/http_clients"

module Webhooks
  # POSTs a signed event to the customer's own webhook endpoint (one host per customer)
  class DeliveryJob
    def perform(event_id, url)
      host = url[%r{\Ahttps://([^/]+)}, 1]
      body = "{\"id\":\"#{event_id}\",\"data\":\"#{"x" * 900}\"}"
      Lanthorne::HttpClients.for(host).with { |conn| conn.post("/lanthorne", body) }
    end
  end
end

module Crm
  class UpstreamError < StandardError; end

  # pushes a patient contact to the CRM vendor's API; the vendor is answering 503 all day, so every run raises
  # (and Sidekiq retries it, logging the job hash and the whole backtrace each time)
  class ContactSyncJob
    def perform(contact_id)
      sleep 0.15 + rand * 0.2
      deep_call(contact_id, 14)
    end

    def deep_call(id, n)
      return raise UpstreamError, "CRM API answered 503 Service Unavailable for contact #{id} (x-request-id #{SecureRandom.uuid})" if n.zero?
      deep_call(id, n - 1)
    end
  end
end

module Receipts
  class EmailJob
    def perform(id) = (s = Array.new(200) { |i| "line #{i} #{id}" }.join; sleep 0.02 + rand * 0.03; s.bytesize)
  end
end
