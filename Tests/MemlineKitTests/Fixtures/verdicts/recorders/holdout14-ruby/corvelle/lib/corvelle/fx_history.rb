# Corvelle::FxHistory (CV-212): every FX snapshot is kept so the margin report can show "rate at order time".
# Meant to be trimmed to the last 24 h by FxHistory.prune!, which nothing calls since the scheduler moved (CV-230).
require "json"

module Corvelle
  module FxHistory
    SNAPSHOTS = []
    LOCK = Mutex.new
    PAIRS = %w[EUR GBP USD CHF SEK NOK DKK PLN CZK HUF JPY AUD NZD CAD ZAR].product(%w[EUR GBP USD]).map { |a, b| "#{a}#{b}" }.freeze

    def self.record(raw, taken_at)
      rates = {}
      JSON.parse(raw)["quotes"].each { |pair, q| rates[pair] = q["bid"] }
      LOCK.synchronize { SNAPSHOTS << { taken_at: taken_at, raw: raw.dup, rates: rates } }
    end
  end
end
