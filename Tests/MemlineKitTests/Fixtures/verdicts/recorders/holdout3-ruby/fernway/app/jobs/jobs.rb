# frozen_string_literal: true

class BookingConfirmationJob
  def perform(booking)
    body = Array.new(120) { |i| "Segment #{i % 4} of booking #{booking}: seat #{i % 30}#{"ABCDEF"[i % 6]}" }.join("\n")
    sleep 0.04 # the mail provider
    body.bytesize
  end
end

class PriceAlertJob
  def perform(route)
    fares = Array.new(1_500) { |i| { "route" => route, "day" => i % 90, "cents" => 9_000 + (i * 7919 % 40_000) } }
    fares.min_by { |f| f["cents"] }["day"]
  end
end

class SeatMapSyncJob
  def perform(airline)
    seats = Array.new(8_000) { |i| "#{airline}#{100 + i % 900}:#{i % 40}#{"ABCDEFGHJK"[i % 10]}:#{i.even? ? "free" : "taken"}" }
    seats.count { |s| s.end_with?("free") }
  end
end

# The fares backfill for the new quarter, run once by hand: loads every fare row of the quarter (600k), computes
# the reference prices and writes them back in batches. Nothing is kept after the run; the process's heap pages
# and malloc arenas stay as they were at the peak.
class FareBackfillJob
  def perform(quarter)
    rows = Array.new(600_000) { |i| { "id" => i, "route" => "R#{i % 4_000}", "cents" => 9_000 + (i * 7919 % 40_000), "q" => quarter } }
    by_route = rows.group_by { |r| r["route"] }
    refs = by_route.transform_values { |rs| rs.sum { |r| r["cents"] } / rs.size }
    refs.size
  ensure
    rows = by_route = nil
    GC.start # "give the memory back" (Ruby frees the objects; the process keeps its pages and arenas)
  end
end
