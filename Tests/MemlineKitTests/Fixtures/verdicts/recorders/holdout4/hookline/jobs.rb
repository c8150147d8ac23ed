# Hookline (webhook relay) job tier stand-in: two Sidekiq 7-like processes (5 threads each, pretty log to
# sidekiq-<n>.log), GC.stat once a second per process as JSON through Ruby Logger (gc.log), no heap dumps.
#   ruby jobs.rb SECONDS OUTDIR
# Jobs (both processes pull from one schedule each):
#   WebhookDeliveryJob  every ~1.1 s: POSTs a payload and keeps the delivery attempt (request body, response
#                       headers, a ~160 KB response body) in Hookline::DeliveryLog::ATTEMPTS "for the retry
#                       screen"; nothing ever prunes it (the culprit, ~175 KB per run).
#   FxRateRefreshJob    every ~0.35 s: caches a ~200 KB rate table per currency pair in an LRU bounded at 100
#                       entries (~20 MB): it fills in ~35 s and then evicts (the trap: the early growth).
#   DigestEmailJob      every ~0.5 s: renders a digest (small, transient).
require "logger"
require "json"

DURATION = Float(ARGV.fetch(0, "80"))
OUT = ARGV.fetch(1, "out")
DEADLINE = Time.now + DURATION

module Hookline
  module DeliveryLog
    ATTEMPTS = []
    def self.record(attempt) = ATTEMPTS << attempt
  end

  class RateCache
    LIMIT = 100
    def initialize
      @h = {}
      @mu = Mutex.new
    end

    def fetch(key)
      @mu.synchronize do
        if (v = @h.delete(key))
          return @h[key] = v
        end
        v = yield
        @h[key] = v
        @h.shift while @h.size > LIMIT
        v
      end
    end
  end
  RATES = RateCache.new
end

CURRENCIES = %w[USD EUR GBP JPY CHF CAD AUD SEK NOK DKK PLN CZK HUF BRL MXN ZAR INR SGD HKD NZD]

def perform(klass, rng, seq)
  case klass
  when "WebhookDeliveryJob"
    body = { "event" => "invoice.paid", "id" => seq, "lines" => Array.new(40) { |i| { "sku" => "sku-#{i}", "qty" => i } } }.to_json
    response = Array.new(160) { |i| "<tr><td>#{seq}</td><td>#{i}</td>" + ("r" * 980) + "</tr>" }.join
    Hookline::DeliveryLog.record({ "request_body" => body, "status" => 200, "headers" => { "x-seq" => seq.to_s, "date" => Time.now.httpdate },
                                   "response_body" => response, "at" => Time.now.to_f })
    sleep 0.03 + rng.rand * 0.05
  when "FxRateRefreshJob"
    pair = "#{CURRENCIES.sample(random: rng)}#{CURRENCIES.sample(random: rng)}"
    Hookline::RATES.fetch(pair) { Array.new(2_000) { |i| format("%s %04d %.6f ", pair, i, rng.rand) + ("x" * 80) } }
    sleep 0.01
  when "DigestEmailJob"
    Array.new(900) { |i| "<li>ticket #{i} #{seq}</li>" }.join.bytesize
    sleep 0.02
  end
end

def gc_logger
  gl = Logger.new(File.join(OUT, "gc.log"))
  Thread.new do
    until Time.now > DEADLINE
      gl.info(GC.stat.to_json)
      sleep 1
    end
  end
end

def sidekiq(n)
  require "time"
  File.write("/proc/self/comm", "sidekiq")
  File.write(File.join(OUT, "sidekiq-#{n}.pid"), "#{Process.pid}\n")
  log = File.open(File.join(OUT, "sidekiq-#{n}.log"), "a")
  log.sync = true
  mu = Mutex.new
  say = ->(line) { mu.synchronize { log.puts("#{Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%LZ")} pid=#{Process.pid} #{line}") } }
  say.call("tid=#{rand(1_300..46_000).to_s(36)} INFO: Booting Sidekiq 7.2.4 with Sidekiq::RedisConnection::RedisClientAdapter options {:url=>\"redis://redis.internal:6379/0\"}")
  say.call("tid=#{rand(1_300..46_000).to_s(36)} INFO: Starting processing, hit Ctrl-C to stop")
  gc_logger
  q = Queue.new
  rng = Random.new(700 + n)
  threads = 5.times.map do
    tid = rng.rand(1_300..46_000).to_s(36)
    Thread.new do
      seq = 0
      while (job = q.pop)
        klass, jid = job
        seq += 1
        t0 = Time.now
        say.call("tid=#{tid} class=#{klass} jid=#{jid} INFO: start")
        perform(klass, Random.new(jid.hash), seq * 5 + n)
        say.call("tid=#{tid} class=#{klass} jid=#{jid} elapsed=#{format("%.3f", Time.now - t0)} INFO: done")
      end
    end
  end
  schedule = { "WebhookDeliveryJob" => 1.1, "FxRateRefreshJob" => 0.35, "DigestEmailJob" => 0.5 }
  due = schedule.transform_values { |iv| Time.now + rng.rand * iv }
  until Time.now > DEADLINE
    now = Time.now
    due.each do |k, t|
      next if t > now
      q << [k, "%024x" % rng.rand(2**96)]
      due[k] = now + schedule[k] * (0.8 + 0.4 * rng.rand)
    end
    sleep 0.05
  end
  q.close
  threads.each(&:join)
  say.call("tid=#{rng.rand(1_300..46_000).to_s(36)} INFO: Shutting down")
  say.call("tid=#{rng.rand(1_300..46_000).to_s(36)} INFO: Bye!")
end

kids = [1, 2].map { |n| fork { sidekiq(n) } }
kids.each { |pid| Process.wait(pid) }
