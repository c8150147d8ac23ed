# app/services/payment_ledger.rb (TW-287, "make payment webhooks idempotent"): remembers every event it has applied
# so a redelivered event is skipped. Meant to be backed by Redis with a 72 h TTL; the in-process fallback (used when
# PAYMENT_LEDGER_URL is unset, as on tw-web-2 since the env file was regenerated) keeps the raw body and the parsed
# event for the audit view, and nothing ever evicts it.
require "json"

module Tidewick
  module PaymentLedger
    APPLIED = {}
    LOCK = Mutex.new

    def self.apply(raw)
      event = JSON.parse(raw)
      LOCK.synchronize do
        return :duplicate if APPLIED.key?(event["id"])
        APPLIED[event["id"]] = { "raw" => raw.dup, "event" => event, "lines" => event.dig("data", "object", "lines").map { |l| "#{l["sku"]} #{l["desc"]} #{l["pence"]}p" } }
      end
      :applied
    end
  end
end
