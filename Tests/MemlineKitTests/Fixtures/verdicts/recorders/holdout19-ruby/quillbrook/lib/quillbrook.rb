# Quillbrook (podcast hosting: shows, episodes, transcripts, payment webhooks): a Rack stand-in for its Rails 7.0 API on
# puma cluster mode in a Kubernetes pod, writing lograge JSON lines (@timestamp, pid, request_id) to log/production.log.
require "quillbrook/base"

module Quillbrook
  ROOT = File.expand_path("..", __dir__)

  def self.app
    @app ||= RackBase::App.new(root: ROOT, style: :lograge_json_ts, target: Controllers.new, routes: [
      ["GET", %r{\A/api/shows/(\d+)\z}, "Api::ShowsController#show", :show],
      ["GET", %r{\A/api/episodes/(\d+)\z}, "Api::EpisodesController#show", :episode],
      ["GET", %r{\A/api/episodes/(\d+)/transcript\z}, "Api::TranscriptsController#show", :transcript],
      ["POST", %r{\A/webhooks/payments\z}, "Webhooks::PaymentsController#create", :webhook],
      ["GET", %r{\A/healthz\z}, "HealthController#show", :up],
    ])
  end

  # QB-412 ("speaker-labelled transcripts are slow to build: keep them"): each built transcript (segments with speaker
  # labels and word timings, ~1.7 MB) kept in a process-wide hash keyed by episode id and the caller's locale and
  # timestamp granularity. Nothing evicts it.
  module TranscriptCache
    STORE = {}
    LOCK = Mutex.new
    def self.build(id) = Array.new(6_000) { |i| format("%06d|spk-%d|%8.2f|%s", i, i % 3, i * 0.41, "w" * 230) }
    def self.fetch(id, variant) = LOCK.synchronize { STORE[[id, variant]] ||= build(id) }
  end

  class Controllers
    def show(_req, id) = (sleep 0.01; [200, "{\"show\":#{id},\"episodes\":#{Array.new(20) { |i| i }}}", 4.1])
    def episode(_req, id) = (sleep 0.015; [200, "{\"episode\":#{id},\"chapters\":[#{"{}," * 12}{}]}", 6.3])
    def transcript(req, id)
      rows = TranscriptCache.fetch(id.to_i, "#{req.params["locale"] || "en"}-#{rand(10_000)}")
      sleep 0.02
      [200, "{\"segments\":#{rows.size}}", 3.7]
    end

    # payment provider webhooks: each event body parsed, verified and mapped into an invoice update, then dropped
    def webhook(_req, _id)
      payload = Array.new(6_000) { |i| { "id" => "evt_#{i}", "amount" => i * 7 % 9_900, "meta" => "m" * 120 } }
      JSON.generate(payload).bytesize
      sleep 0.03
      [200, "{\"received\":true}", 8.8]
    end

    def up(_req, _id) = [200, "ok", 0.0]
  end
end
