# app/jobs/plate_read_job.rb: matches a camera's plate read to an account. TG-322 added the duplicate-read guard:
# every read is remembered in Tollgate::PlateIndex so a second camera on the same gantry does not bill twice; the
# sweep that was to forget reads older than 10 minutes was never scheduled, so every read (with its plate crop and
# the gantry frame kept for disputes, ~40 KB) stays.
module Tollgate
  module PlateIndex
    SEEN = {}
    LOCK = Mutex.new
    def self.remember(read_id, read) = LOCK.synchronize { SEEN[read_id] = read }
    def self.seen?(plate, gantry) = LOCK.synchronize { SEEN.each_value.any? { |r| r[:plate] == plate && r[:gantry] == gantry } }
  end
end

module Tolling
  class PlateReadJob
    def perform(gantry, _ref)
      plate = "B-#{("A".."Z").to_a.sample(2).join} #{rand(1000..9999)}"
      read = { plate: plate, gantry: gantry, camera: "G#{gantry}-cam#{rand(1..4)}", at: Time.now.utc.iso8601(3),
               confidence: rand(80..99), crop: "\xFF\xD8\xFF\xE0".b + Random.bytes(rand(5_200..6_400)),
               frame: "\xFF\xD8\xFF\xE1".b + Random.bytes(rand(30_000..38_000)) }
      Tollgate::PlateIndex.remember(SecureRandom.uuid, read) unless Tollgate::PlateIndex.seen?(plate, gantry)
      sleep 0.04
    end
  end
end
