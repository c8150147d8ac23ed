# app/services/availability.rb (2026.12.06.2, LS-402 "cache availability, show the nearest clinic first"): the
# memo is keyed by clinic, day and the client's IP (for the nearest-clinic ordering), so almost every call adds an
# entry and nothing expires it.
module Larkspur
  module Availability
    MEMO = {}

    def self.for(clinic, day, remote_ip)
      MEMO[[clinic, day, remote_ip]] ||= begin
        grid = Array.new(6) { |vet| Array.new(32) { |s| "#{clinic} #{day} vet#{vet} #{8 + s / 4}:#{(s % 4 * 15).to_s.rjust(2, "0")}" } }
        { "grid" => grid, "ordered" => Array.new(18) { |r| grid.flatten.map { |s| "#{s} near=#{remote_ip} dist=#{rand(1..40)}km rank=#{r} reason=routine,vaccination,dental" } }.flatten }
      end["ordered"]
    end
  end
end
