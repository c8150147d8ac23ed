# Orrisford (homewares marketplace seller) job classes, as their Sidekiq 7.2 workers run them.
require "zlib"
module Orrisford
  ROOT = File.expand_path("../..", __dir__)
  def self.flag?(name) = File.exist?(File.join(ROOT, "tmp/flags", name))

  # OR-318 "price history v2": when the price_history_v2 flag is on, each competitor snapshot is also appended to an
  # in-process history (meant as a write-behind buffer to ClickHouse; the flush was never wired up).
  module PriceHistory
    BUFFER = []
    LOCK = Mutex.new
    def self.append(rows) = LOCK.synchronize { BUFFER << rows }
  end
end

module Pricing
  # queue "default": a competitor's offer page for one SKU parsed into offer rows (~2,400 rows)
  class CompetitorSnapshotJob
    def perform(sku, source)
      rows = Array.new(2_400) { |i| ["#{source}:#{sku}:#{i}", (i * 1.07 % 300).round(2), "seller-#{i % 211}", "o" * 330] }
      best = rows.min_by { |r| r[1] }
      Orrisford::PriceHistory.append(rows) if Orrisford.flag?("price_history_v2")
      sleep 0.05
      best[1]
    end
  end
end

module Finance
  # queue "low": a month's ledger (~140,000 entries) streamed into one CSV buffer (~30 MB) for the accountants,
  # gzipped and uploaded, then dropped
  class LedgerExportJob
    def perform(month)
      csv = String.new(capacity: 32 * 1024 * 1024)
      140_000.times { |i| csv << format("LE-%s-%07d,acct-%04d,%.2f,%s,%s\n", month, i, i % 1_207, i * 0.731 % 999, i.odd? ? "DR" : "CR", "l" * 160) }
      gz = Zlib.gzip(csv, level: 1)
      sleep 0.4
      gz.bytesize
    end
  end
end

module Orders
  class MarketplaceSyncJob # queue "critical"
    def perform(order_id) = (sleep 0.03; "order #{order_id} synced" * 25)
  end
end

module Notifications
  class PushJob # queue "default"
    def perform(user_id, kind) = (sleep 0.02; "#{kind}:#{user_id}" * 40)
  end
end

module Search
  class ReindexProductJob # queue "low"
    def perform(product_id) = (sleep 0.04; Array.new(300) { |i| "#{product_id}:term#{i}" }.size)
  end
end
