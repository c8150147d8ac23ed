# PB-902: every price change a supplier feed brings is kept for the price-change audit (consumer-protection rule:
# 30 days). PriceHistory.prune! is meant to run nightly from the scheduler; it was never added to sidekiq-cron.
module Pantrybox
  module PriceHistory
    BY_SUPPLIER = Hash.new { |h, k| h[k] = {} }
    LOCK = Mutex.new

    def self.record(supplier_id, fetched_at, chunks)
      LOCK.synchronize { BY_SUPPLIER[supplier_id][fetched_at] = chunks }
    end

    def self.prune!(before)
      LOCK.synchronize { BY_SUPPLIER.each_value { |h| h.delete_if { |t, _| t < before } } }
    end
  end
end
