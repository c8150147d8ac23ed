# Hollinbeck's ActiveJob classes (stand-ins with the same work shape).
module Appointments
  # Rebuilds the bookable slot grid of every clinic from the rota: ~150k short-lived objects per run, all garbage.
  class SlotRefreshJob
    CLINICS = %w[hb-ashby hb-cromer hb-ledbury hb-oundle hb-settle hb-tenbury]
    def perform
      grid = CLINICS.flat_map do |c|
        Array.new(40) do |vet|
          Array.new(96) { |q| { clinic: c, vet: "v#{vet}", at: format("%02d:%02d", q / 4, (q % 4) * 15), free: rand < 0.3 } }
        end
      end
      grid.flatten.count { |s| s[:free] }
    end
  end
end

module Mailers
  # Renders and "sends" one visit summary email.
  class VisitSummaryJob
    def perform
      lines = Array.new(60) { |i| "Item #{i}: #{%w[exam vaccine bloods dental nails].sample} #{rand(5..90)}.00 GBP" }
      body = "Dear owner,\n" + lines.join("\n")
      sleep 0.01
      body.bytesize
    end
  end
end

module Boosters
  # Every 20 s: finds the patients due a booster at each clinic and records the sweep in RecallLedger.
  class RecallSweepJob
    CLINICS = Appointments::SlotRefreshJob::CLINICS
    def perform
      sweep = SecureRandom.hex(4)
      CLINICS.each do |clinic|
        160.times do |i|
          due = Array.new(1000) { rand(1 << 40) }
          RecallLedger.record(sweep, clinic, rand(10**6) * 10 + i % 10, due)
        end
      end
      sleep 0.3
      RecallLedger.size
    end
  end
end
