# Ospreyhill (airport transfers: drivers, dispatch, invoices) job classes, as their Sidekiq 5.2 workers run them.
require "securerandom"

module Finance
  # sidekiq-cron "ledger_snapshot" (every 5 minutes in production). OH-163 kept each snapshot "for the month-end
  # reconciliation" in a process-wide list that nothing ever trims.
  class LedgerSnapshotJob
    HISTORY = []
    def perform(period)
      entries = Array.new(110_000) { |i| "#{period}|acct-#{i % 2_400}|#{(i * 3.07 % 9_000).round(2)}|#{i.even? ? "DR" : "CR"}|transfer #{SecureRandom.hex(4)}" }
      HISTORY << { period: period, entries: entries, totals: entries.group_by { |e| e.split("|")[1] }.transform_values(&:size) }
      sleep 0.4
    end
  end
end

module Fleet
  # sidekiq-cron "telematics_ping" every 3 s: polls the vehicle gateway, parses the positions, drops them
  class TelematicsPingJob
    def perform(fleet) = (sleep 0.05; Array.new(3_000) { |i| "#{fleet}:veh-#{i % 140}:#{rand(90.0).round(5)},#{rand(180.0).round(5)}" }.size)
  end
end

module Dispatch
  class DriverAssignmentJob
    def perform(booking) = (sleep 0.03; Array.new(200) { |i| "driver-#{i}:#{booking}" }.size)
  end
end

module Notifications
  class SmsReceiptJob
    def perform(number) = (sleep 0.02; "Your transfer is confirmed #{number}" * 10)
  end
end

module Customers
  class InvoiceMailerJob
    def perform(invoice) = (sleep 0.05; "<html>invoice #{invoice}</html>" * 80)
  end
end
