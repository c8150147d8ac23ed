# frozen_string_literal: true

# Snapmark's web app (lograge JSON lines): galleries, proofs, uploads and the studio dashboard.
require "snapmark"
require "request_log"

module Snapmark
  class Web
    def log
      @log ||= RequestLog.new(File.join(ROOT, "log/production.log"), :lograge_json)
    end

    def call(env)
      verb = env["REQUEST_METHOD"]
      path = env["PATH_INFO"]
      route, work = case [verb, path]
                    in ["GET", %r{\A/galleries/(\d+)\z}]
                      id = $1.to_i
                      [{ action: "GalleriesController#show", format: "HTML" },
                       -> { Array.new(400) { |i| "<img src=\"/proofs/#{id * 1000 + i}.jpg\">" }.join.bytesize.to_s }]
                    in ["GET", %r{\A/proofs/(\d+)\.jpg\z}]
                      [{ action: "ProofsController#show", format: "JPEG" }, -> { ("\xff" * 60_000).bytesize.to_s }]
                    in ["POST", "/uploads"]
                      [{ action: "UploadsController#create", format: "JSON" }, -> { JSON.parse(env["BODY"]).size.to_s }]
                    in ["GET", "/studio/dashboard"]
                      [{ action: "Studio::DashboardController#index", format: "HTML" },
                       -> { Array.new(1_500) { |i| { "gallery" => i, "views" => i * 3 } }.to_json.bytesize.to_s }]
                    in ["GET", "/up"]
                      return [200, {}, ["ok"]]
                    else
                      return [404, {}, ["not found"]]
                    end
      route[:params] = {}
      log.around(env, route) { [200, { "content-type" => "text/html" }, [work.call]] }
    end
  end
end
