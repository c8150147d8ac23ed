# SL-119 lane availability grid for GET /sessions/:id/lanes: 8 lanes x 5-minute slots with the booking names.
# Memoised "per session and minute" so refreshes inside a minute are free; the key carries the request's
# timestamp (SL-152), so every request adds a new entry and none is ever read again.
module Saltcote
  module LaneGrid
    MEMO = {}
    def self.for(session_id, now = Time.now)
      key = "#{session_id}:#{now.to_f}"
      MEMO[key] ||= Array.new(8) do |lane|
        Array.new(200) { |slot| "lane #{lane + 1} #{format("%02d:%02d", 5 + slot / 12, slot % 12 * 5)} #{%w[open booked club swim-school].at((lane + slot + session_id) % 4)}" }
      end
    end
  end

  # SL-60: member cards for the front desk, least recently used dropped past 400
  module MemberDirectory
    CACHE = {}
    LIMIT = 400
    def self.card(id)
      if (c = CACHE.delete(id))
        return CACHE[id] = c
      end
      CACHE.shift while CACHE.size >= LIMIT
      CACHE[id] = { "id" => id, "name" => "Member #{id}", "history" => Array.new(30) { |i| "2026-#{(i % 12) + 1}-#{(i % 27) + 1} lane swim" } }
    end
  end
end
