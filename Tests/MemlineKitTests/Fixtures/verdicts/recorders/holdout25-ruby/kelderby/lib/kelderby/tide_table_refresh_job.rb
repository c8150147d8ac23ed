module Kelderby
  # Every ~15 s: fetches the tide and berth-window table for the next 14 days (~4 MB rendered) from the port
  # authority. KD-77 keeps every previous table so the berth planner can show "what changed since last refresh";
  # nothing ever drops the old ones.
  class TideTableRefreshJob
    PREVIOUS_TABLES = []

    def perform(feed)
      rng = Random.new(feed.hash)
      rows = Array.new(14 * 96) do |slot|
        "#{feed}|slot=#{slot}|height=#{format("%.2f", rng.rand * 9)}|" + ("berth-window;" * 14) + rng.rand(10**12).to_s + "\n" + ("." * 2_600)
      end
      table = rows.join
      PREVIOUS_TABLES << { feed: feed, fetched_at: Time.now, table: table }
      PREVIOUS_TABLES.size
    end
  end
end
