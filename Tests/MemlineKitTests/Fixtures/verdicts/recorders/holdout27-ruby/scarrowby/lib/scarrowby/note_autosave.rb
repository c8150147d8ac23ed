module Scarrowby
  # SV-131: consultation notes autosave. Each save keeps the rendered draft (note + the patient's history panel) so
  # the "restore draft" button works after a browser crash. Drafts were meant to go when the note is signed; signing
  # happens in the other app, so nothing ever deletes them.
  module NoteAutosave
    DRAFTS = {}
    LOCK = Mutex.new

    def self.save(request_id, consultation_id, body)
      history = Array.new(400) { |i| "<tr><td>#{consultation_id}-#{i}</td><td>#{body[0, 80]}</td><td>reviewed</td></tr>" }.join
      draft = "<article data-consultation=\"#{consultation_id}\">#{body}</article>" + history
      LOCK.synchronize { DRAFTS[request_id] = draft }
      draft.bytesize
    end
  end
end
