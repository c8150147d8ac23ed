# app/services/availability.rb (2026.12.06.1): free slots of a clinic's vets on a day, computed per request.
module Larkspur
  module Availability
    def self.for(clinic, day, _remote_ip)
      Array.new(6) { |vet| Array.new(32) { |s| "#{clinic} #{day} vet#{vet} #{8 + s / 4}:#{(s % 4 * 15).to_s.rjust(2, "0")}" } }.flatten
    end
  end
end
