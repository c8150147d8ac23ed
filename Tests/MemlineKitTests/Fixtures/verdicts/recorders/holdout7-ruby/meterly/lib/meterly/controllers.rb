module Api
  module V1
    class ReadingsController < Meterly::BaseController
      def index
        db(9)
        rows = Array.new(1_800) { |i| { "meter_id" => params["id"].to_i, "at" => "2026-12-0#{i % 6 + 1}T#{format("%02d", i % 24)}:#{format("%02d", i % 60)}:00Z", "kwh" => (i * 37 % 1000) / 250.0 } }
        JSON.generate(rows.last(96))
      end

      def create
        db(6)
        values = params["values"].to_s.split(",").map(&:to_f)
        batch = Array.new(900) { |i| { "meter" => params["meter"], "slot" => i, "kwh" => values[i % values.size], "quality" => "measured" } }
        @status = 201
        JSON.generate({ "accepted" => batch.size, "checksum" => JSON.generate(batch).hash })
      end
    end

    class MetersController < Meterly::BaseController
      def show
        db(4)
        JSON.generate({ "id" => params["id"].to_i, "type" => "SMGW-2", "firmware" => "4.1.7", "last_seen" => Time.now.utc.iso8601 })
      end
    end

    class TariffsController < Meterly::BaseController
      TARIFFS = Array.new(40) { |i| { "code" => "T#{i}", "ct_per_kwh" => 28 + i % 9 } }.freeze
      def index = JSON.generate(TARIFFS)
    end

    class ConsumptionReportsController < Meterly::BaseController
      # GET /api/v1/reports/consumption?region=…: a region's quarter-hour totals over 30 days
      def show
        db(40)
        rows = Array.new(26_000) { |i| { "meter" => "M#{i % 3_000}", "slot" => i, "kwh" => (i * 13 % 997) / 100.0, "region" => params["region"] } }
        sums = Hash.new(0.0)
        rows.each { |r| sums[r["meter"]] += r["kwh"] }
        JSON.generate({ "region" => params["region"], "meters" => sums.size, "total" => sums.values.sum.round(2) })
      end
    end
  end
end
