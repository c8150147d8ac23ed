module Kelderby
  # Every few seconds: refreshes who is on the pilot boat roster. Small; replaces the previous roster.
  class PilotRosterSyncJob
    ROSTER = {}

    def perform(station)
      ROSTER.replace(Array.new(24) { |i| ["P#{i}", "#{station}-shift-#{i % 3}"] }.to_h)
      ROSTER.size
    end
  end
end
