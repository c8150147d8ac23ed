module Kestrelmouth
  # KP-150: title metadata (ONIX fields, contributors, subject codes) memoised per title id, so the catalogue pages
  # don't go back to the ONIX store. There are ~40,000 titles in print; entries are never expired.
  module TitleMetadata
    CACHE = {}
    LOCK = Mutex.new

    def self.fetch(id)
      LOCK.synchronize { CACHE[id] ||= load(id) }
    end

    def self.load(id)
      { id: id, isbn: "978-1-#{format("%05d", id % 100_000)}-#{id % 97}-#{id % 10}", title: "Title #{id}: A Study of the Kestrel Estuary",
        contributors: Array.new(3) { |i| "Contributor #{(id * 7 + i) % 900}" }, bisac: ["HIS015000", "NAT043000"][id % 2],
        blurb: "Blurb #{id} " + "tidal archive marginalia " * 40 }
    end
  end
end
