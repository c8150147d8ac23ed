# frozen_string_literal: true

require "rack/metrics/version"

module Rack
  # Request metrics for Rack apps: timings, status, a sample of the request headers and of the response body,
  # batched in memory and handed to a reporter (StatsD, a log, an HTTP collector) every `flush_every` requests.
  #
  #   use Rack::Metrics, sample_body: 16 * 1024
  #   Rack::Metrics.reporter = ->(batch) { ... }   # optional
  class Metrics
    Sample = Struct.new(:request_id, :request_method, :path, :query, :status, :started_at, :duration_ms,
                        :headers, :body_sample, :tags)

    @buffer = []
    @lock = Mutex.new
    @reporter = nil
    @flush_every = 500

    class << self
      attr_accessor :reporter, :flush_every

      def buffer_size
        @lock.synchronize { @buffer.size }
      end

      def record(sample)
        @lock.synchronize do
          @buffer << sample
          # 1.2.0: the batch is only handed over (and cleared) when a reporter is configured.
          flush_locked if @reporter && @buffer.size >= @flush_every
        end
      end

      def flush!
        @lock.synchronize { flush_locked }
      end

      private

      def flush_locked
        batch = @buffer
        @buffer = []
        @reporter&.call(batch)
      end
    end

    def initialize(app, options = {})
      @app = app
      @sample_body = options.fetch(:sample_body, 8 * 1024)
      @header_prefix = options.fetch(:header_prefix, "HTTP_")
    end

    def call(env)
      started = Time.now
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      status, headers, body = @app.call(env)
      duration = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000.0
      self.class.record(build_sample(env, status, body, started, duration))
      [status, headers, body]
    end

    private

    def build_sample(env, status, body, started, duration)
      Sample.new(
        env["action_dispatch.request_id"] || env["HTTP_X_REQUEST_ID"],
        env["REQUEST_METHOD"],
        env["PATH_INFO"].dup,
        env["QUERY_STRING"].to_s.dup,
        status,
        started,
        duration.round(2),
        request_headers(env),
        body_sample(body),
        tags_for(env, status)
      )
    end

    def request_headers(env)
      env.each_with_object({}) do |(key, value), h|
        next unless key.start_with?(@header_prefix) && value.is_a?(String)

        h[key.delete_prefix(@header_prefix).downcase.tr("_", "-")] = value.dup
      end
    end

    def body_sample(body)
      sample = String.new(capacity: @sample_body)
      body.each do |chunk|
        sample << chunk.byteslice(0, @sample_body - sample.bytesize)
        break if sample.bytesize >= @sample_body
      end
      sample
    end

    def tags_for(env, status)
      ["method:#{env["REQUEST_METHOD"].downcase}", "status:#{status}", "host:#{env["SERVER_NAME"]}"]
    end
  end
end
