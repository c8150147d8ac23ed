require "digest"

module Marrowfield
  # MF-102: meter gateways resend batches after a timeout; drop reads already seen. Keeps the normalised read (with
  # the gateway header it came under) per fingerprint so a resend can be matched exactly. Nothing ever expires SEEN.
  module ReadDeduper
    SEEN = {}
    LOCK = Mutex.new

    def self.ingest(body)
      header, *lines = body.lines
      accepted = 0
      lines.each do |line|
        serial, at, litres = line.chomp.split(",")
        next unless litres
        normalised = "#{serial.upcase}|#{at}|#{format("%012.3f", litres.to_f)}|#{header.chomp}"
        key = Digest::SHA1.hexdigest(normalised)
        LOCK.synchronize { next if SEEN.key?(key); SEEN[key] = normalised; accepted += 1 }
      end
      accepted
    end
  end
end
