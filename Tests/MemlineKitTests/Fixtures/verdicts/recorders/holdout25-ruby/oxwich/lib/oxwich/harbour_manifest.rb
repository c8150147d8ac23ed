module Oxwich
  # The harbour master's manifest: every passenger and vehicle movement of the month, grouped by sailing, rendered
  # as text. Builds ~90,000 rows of short-lived strings per request; nothing is kept.
  module HarbourManifest
    def self.build(day)
      rng = Random.new(day.hash)
      rows = Array.new(90_000) { |i| { sailing: i % 400, name: "passenger-#{rng.rand(10**6)}", vehicle: %w[car van none bike][i % 4], deck: "D#{i % 3}" } }
      groups = rows.group_by { |r| r[:sailing] }
      out = +"harbour manifest #{day}\n"
      groups.first(40).each { |s, rs| out << "sailing #{s}: #{rs.size} movements, #{rs.count { |r| r[:vehicle] != "none" }} vehicles\n" }
      out
    end
  end
end
