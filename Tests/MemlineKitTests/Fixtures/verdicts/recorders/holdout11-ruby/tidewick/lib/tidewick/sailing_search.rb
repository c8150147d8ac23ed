# app/services/sailing_search.rb: builds every candidate crossing (sailing x cabin class x vehicle band) for the
# route and the 3 days around the date, prices them all, then keeps the cheapest 20. ~70k short-lived Hashes and
# Strings per search (TW-190 "precompute fares" still open).
module Tidewick
  module SailingSearch
    CABINS = %w[seat pod inside-2 inside-4 outside-2 outside-4 suite].freeze
    VEHICLES = %w[foot car car+roofbox van motorhome motorcycle bicycle].freeze

    def self.search(from, to, date)
      rng = Random.new([from, to, date].hash & 0xffffff)
      candidates = []
      3.times do |d|
        (0...64).each do |sailing|
          CABINS.each do |cabin|
            VEHICLES.each do |veh|
              3.times do |fare_class|
                candidates << { "sailing" => "#{from}-#{to}-#{date}+#{d}-#{sailing}", "cabin" => cabin, "vehicle" => veh,
                                "fare" => "F#{fare_class}", "price" => rng.rand(3_000..60_000),
                                "label" => "#{from.upcase} → #{to.upcase} #{date} dep #{sailing / 4}:#{(sailing % 4) * 15} #{cabin} #{veh}" }
              end
            end
          end
        end
      end
      candidates.min_by(20) { |c| c["price"] }
    end
  end
end
