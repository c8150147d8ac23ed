module Brantwood
  # BW-151: every booking note keeps a rendered audit snapshot (the note, the booking's note history as HTML, the
  # diff) "for the compliance export". Nothing ever trims TRAIL.
  module NoteAudit
    TRAIL = []

    def self.record(booking_id, note)
      history = Array.new(16) { |i| "<p class=\"note\" data-booking=\"#{booking_id}\" data-rev=\"#{i}\">#{note}</p>" * 30 }
      TRAIL << { booking: booking_id, at: Time.now.to_f, note: note.dup, history: history, diff: history.last.reverse }
    end
  end
end
