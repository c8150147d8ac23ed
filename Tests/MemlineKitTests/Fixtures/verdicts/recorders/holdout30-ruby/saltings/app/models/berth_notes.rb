# Berth notes shown on the berth page. SH-412 (flag :berth_notes_history): keep every note revision the page has
# rendered so the harbour master can page back through them without a query.
module BerthNotes
  HISTORY = Hash.new { |h, k| h[k] = [] }
  LOCK = Mutex.new

  def self.current(berth_id, rng)
    Array.new(6) { |i| "Berth #{berth_id} note #{i}: " + ("fender check, bollard load #{rng.rand(40..120)} t; " * 36) }
  end

  def self.remember(berth_id, notes)
    revision = notes.map { |n| n.dup << " [seen #{Time.now.utc.iso8601(3)}]" }
    LOCK.synchronize { HISTORY[berth_id] << revision }
    HISTORY[berth_id].size
  end
end
