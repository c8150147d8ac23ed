# Marrowgate (a payouts platform for marketplaces): the job classes the job box runs.
require "securerandom"

# MG-140 (debugging aid, merged "for a week" in March): every failed partner delivery is kept for the support
# dashboard, payload and partner response in full. Nothing ever removes an entry.
$delivery_failures = []

module Payouts
  class DeliveryError < StandardError; end

  class WebhookDeliveryJob
    # POSTs the signed payout event to the marketplace's webhook; ~1 in 10 partners' calls answer 502 (and are retried)
    def perform(payout_id, partner)
      payload = { "id" => payout_id, "partner" => partner, "lines" => Array.new(40) { |i| "line-#{i}:#{"x" * 180}" } }
      body = payload.to_s
      sleep 0.04 + rand * 0.08
      return if rand >= 0.1

      # the partner's error page and its upstream trace, ~330 KB, kept line by line as the HTTP client returned it
      response = Array.new(2_400) { |i| "#{i.zero? ? "<h1>502 Bad Gateway</h1>" : ""}upstream #{partner} hop #{i}: #{"timeout " * 14}" }
      $delivery_failures << { payout: payout_id, partner: partner, at: Time.now, request: body, response: response, signature: SecureRandom.hex(32) }
      raise DeliveryError, "#{partner} webhook answered 502 for #{payout_id}"
    end
  end
end

module Notifications
  class PushJob
    def perform(user_id) = (sleep 0.01 + rand * 0.02; "push #{user_id}")
  end
end

module Ledger
  # snapshots every account's running balance for the reconciliation service: the ledger's last 240k entries, rebuilt
  # each time and dropped once uploaded
  class SnapshotJob
    def perform(n)
      rows = Array.new(240_000) { |i| "acct-#{i % 9_973},#{"%.2f" % (i * 1.37 % 5000)},EUR,#{"settled" * (1 + i % 4)}" }
      csv = rows.join("\n")
      sleep 0.8
      csv.bytesize
    end
  end
end
