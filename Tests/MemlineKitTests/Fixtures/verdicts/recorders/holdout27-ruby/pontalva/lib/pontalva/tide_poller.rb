module Pontalva
  # PM-77: polls the harbour tide gauge and the AIS snapshot every 0.3 seconds for the berth planner's "live" panel.
  # Meant to keep the last 10 minutes (HISTORY_LIMIT readings), but the trim compares the number of gauges, not the
  # number of readings, so the history is never trimmed.
  module TidePoller
    HISTORY = []
    HISTORY_LIMIT = 2_000
    GAUGES = %w[PTV-N1 PTV-N2 PTV-S1 PTV-PIER3 PTV-FUEL].freeze

    def self.start(worker)
      Thread.new do
        n = 0
        loop do
          HISTORY << reading(n)
          HISTORY.shift while GAUGES.size > HISTORY_LIMIT
          n += 1
          puts "[PM-77] TidePoller (worker #{worker}, pid #{Process.pid}): #{n} polls, #{HISTORY.size} readings kept" if (n % 200).zero?
          $stdout.flush
          sleep 0.3
        end
      end
    end

    def self.reading(n)
      now = Time.now
      { at: now, seq: n,
        gauges: GAUGES.map { |g| { id: g, level_m: (1.2 + Math.sin(n / 40.0) + rand / 10).round(3), temp_c: 17.5 + rand } },
        vessels: Array.new(260) do |i|
          { mmsi: (263_000_000 + i * 7919).to_s, name: "VESSEL #{i}".dup, berth: "B#{i % 48}", draught: (2.1 + rand).round(2),
            eta: (now + i * 60).strftime("%FT%T"), status: %w[moored underway anchored].sample }
        end }
    end
  end
end
