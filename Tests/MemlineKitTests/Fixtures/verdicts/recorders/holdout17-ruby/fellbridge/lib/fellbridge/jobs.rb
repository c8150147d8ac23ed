# Fellbridge (wholesale grocery supply) job classes, as their Sidekiq 6.5 workers run them.
require "securerandom"

module Fellbridge
  # FB-233: "remember which SKUs each supplier feed already sent, so a re-sent row is not imported twice". Keyed by
  # run (import id), never pruned: every catalog import adds its whole SKU index.
  module SkuRegistry
    SEEN = {}
    LOCK = Mutex.new
    def self.remember(import_id, index) = LOCK.synchronize { SEEN[import_id] = index }
  end
end

module Imports
  # queue "imports" (only sidekiq-1 serves it): a supplier's catalog delta, ~5,200 SKU rows
  class SupplierCatalogJob
    def perform(supplier, import_id)
      rows = Array.new(5_200) { |i| "#{supplier}-#{import_id}-#{i},#{SecureRandom.hex(6)},#{(i * 1.37 % 90).round(2)},case of #{6 + i % 18},#{"organic " * (i % 9)}" }
      index = rows.each_with_object({}) { |r, h| sku, ean, rest = r.split(",", 3); h[sku] = [ean, rest] }
      Fellbridge::SkuRegistry.remember(import_id, index)
      sleep 0.05
    end
  end
end

module Billing
  # queue "default" (both processes): a customer group's monthly statement, every invoice line rolled up, then dropped
  class StatementRollupJob
    def perform(group)
      lines = Array.new(240_000) { |i| ["INV-#{group}-#{i}", "cust-#{i % 811}", (i * 0.913 % 700).round(2), i.even? ? "chilled" : "ambient"] }
      totals = lines.group_by { |l| l[1] }.transform_values { |ls| ls.sum { |l| l[2] } }
      csv = lines.first(40_000).map { |l| l.join(",") }.join("\n")
      sleep 0.2
      totals.size + csv.bytesize
    end
  end
end

module Orders
  class ConfirmationJob # queue "default"
    def perform(order_id) = (sleep 0.02; "order #{order_id} confirmed" * 20)
  end
end

module Stock
  class LevelSyncJob # queue "default"
    def perform(depot) = (sleep 0.03; Array.new(400) { |i| "#{depot}:#{i}:#{rand(500)}" }.size)
  end
end

module Mailers
  class DeliveryNoteMailerJob # queue "mailers" (only sidekiq-0 serves it)
    def perform(order_id) = (sleep 0.04; "<html>delivery note #{order_id}</html>" * 60)
  end
end
