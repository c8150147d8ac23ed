# frozen_string_literal: true

# Fernway's web app (Rails 7.0 tagged lines): flight search, fares API, bookings, and the itinerary PDF, which
# renders every page bitmap of the booking's itinerary in memory (~50 MB, all dropped after the response).
require "fernway"
require "request_log"

module Fernway
  class Web
    def log
      @log ||= RequestLog.new(File.join(ROOT, "log/production.log"), :rails70)
    end

    def call(env)
      verb = env["REQUEST_METHOD"]
      path = env["PATH_INFO"]
      route, work = case [verb, path]
                    in ["GET", "/flights/search"]
                      [{ action: "FlightsController#search", format: "HTML", params: { "q" => env["QUERY_STRING"] } },
                       -> { search }]
                    in ["GET", "/api/v2/fares"]
                      [{ action: "Api::V2::FaresController#index", format: "JSON", params: {} },
                       -> { Array.new(500) { |i| { "day" => i % 90, "cents" => 9_000 + i * 13 } }.to_json.bytesize.to_s }]
                    in ["GET", %r{\A/bookings/(\d+)\z}]
                      id = $1
                      [{ action: "BookingsController#show", format: "HTML", params: { "id" => id } },
                       -> { Array.new(300) { |i| "<li>segment #{i} of #{id}</li>" }.join.bytesize.to_s }]
                    in ["POST", "/bookings"]
                      [{ action: "BookingsController#create", format: "JSON", params: { "booking" => "[FILTERED]" } },
                       -> { JSON.parse(env["BODY"]).to_a.flatten.size.to_s }]
                    in ["GET", %r{\A/itineraries/(\d+)\.pdf\z}]
                      id = $1
                      [{ action: "ItinerariesController#show", format: "PDF", params: { "id" => id } },
                       -> { itinerary_pdf(id.to_i) }]
                    in ["GET", "/up"]
                      return [200, {}, ["ok"]]
                    else
                      return [404, {}, ["not found"]]
                    end
      log.around(env, route) { [200, { "content-type" => "text/html" }, [work.call]] }
    end

    def search
      offers = Array.new(3_000) { |i| { "flight" => "FW#{100 + i % 800}", "dep" => "0#{i % 10}:#{i % 6}0", "cents" => 9_000 + i * 11 } }
      offers.sort_by { |o| o["cents"] }.first(50).to_json.bytesize.to_s
    end

    # pages: 8-14 bitmaps of ~3.5 MB (one malloc each) plus the layout's text runs (~120k small Strings)
    def itinerary_pdf(id)
      pages = Array.new(8 + id % 7) { |p| ("\x00\xff" * (1_750_000 + p)).b }
      runs = Array.new(120_000) { |i| "run #{i} of itinerary #{id}" }
      pdf = "%PDF-1.7\n" + runs.join(" ").bytesize.to_s + pages.sum(&:bytesize).to_s
      pdf.bytesize.to_s
    end
  end
end
