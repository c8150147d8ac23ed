# frozen_string_literal: true

# Request logging as a Rails 7.2 app writes it (stdlib only). One RequestLog per worker process, the file opened
# in append mode by every worker (as Rails' production.log is):
#   :rails   ActiveSupport::TaggedLogging over ::Logger::Formatter, log_tags [:request_id]:
#            I, [2026-12-06T09:10:00.123456 #4315]  INFO -- : [9f0c…] Started GET "/x" for 10.1.2.3 at 2026-12-06 09:10:00 +0000
#            … Processing by Api::V1::SessionsController#show as JSON / Parameters / Completed 200 OK in 12ms
#            (Views: 0.4ms | ActiveRecord: 2.1ms (3 queries, 0 cached) | GC: 0.0ms)
#   :rails70 the same as Rails 7.0 wrote it: Completed 200 OK in 12ms (Views: 0.4ms | ActiveRecord: 2.1ms | Allocations: 4512)
#   :lograge_kv    lograge's key=value line (custom_options add pid, request_id, allocations) after the Logger prefix
#   :lograge_json  lograge's JSON formatter, one bare JSON object per line (custom_options add time, pid, request_id)
# Durations are measured; the database is a 2-12 ms sleep before the action (ActiveRecord is that time, Views a
# share of the rest), GC time
# and allocations are this process's GC.stat deltas over the request (all threads, as Rails measures them).
require "logger"
require "json"
require "securerandom"

class RequestLog
  def initialize(path, style)
    @style = style
    @logger = Logger.new(path)
    @logger.formatter = if style == :lograge_json
                          proc { |_sev, _time, _prog, msg| "#{msg}\n" }
                        else
                          Logger::Formatter.new
                        end
    @rng = Random.new(Process.pid)
    @lock = Mutex.new
  end

  def rand(x) = @lock.synchronize { @rng.rand(x) }

  # env from MiniPuma; route: { action: "Api::V1::SessionsController#show", format: "JSON", params: {...} }
  def around(env, route)
    rid = env["HEADERS"]["x-request-id"] || SecureRandom.uuid
    verb = env["REQUEST_METHOD"]
    path = env["PATH_INFO"]
    full = env["QUERY_STRING"].empty? ? path : "#{path}?#{env["QUERY_STRING"]}"
    started = Time.now
    if @style == :rails || @style == :rails70
      @logger.info("[#{rid}] Started #{verb} \"#{full}\" for #{env["REMOTE_ADDR"]} at " +
                   started.utc.strftime("%Y-%m-%d %H:%M:%S %z"))
      @logger.info("[#{rid}] Processing by #{route[:action]} as #{route[:format]}")
      @logger.info("[#{rid}]   Parameters: #{route[:params].inspect}") unless route[:params].empty?
    end
    gc0 = GC.stat(:time)
    alloc0 = GC.stat(:total_allocated_objects)
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    sleep(0.002 + rand(100) / 10_000.0)
    db = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    status, headers, body = yield
    ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    gc_ms = GC.stat(:time) - gc0
    allocations = GC.stat(:total_allocated_objects) - alloc0
    view = (ms - db) * (0.2 + rand(40) / 100.0)
    queries = rand(1..9)
    controller, action = route[:action].split("#")
    case @style
    when :rails70
      @logger.info("[#{rid}] Completed #{status} #{status == 200 ? "OK" : "Created"} in #{ms.round}ms " \
                   "(Views: #{view.round(1)}ms | ActiveRecord: #{db.round(1)}ms | Allocations: #{allocations})")
    when :rails
      @logger.info("[#{rid}] Completed #{status} #{status == 200 ? "OK" : "Created"} in #{ms.round}ms " \
                   "(Views: #{view.round(1)}ms | ActiveRecord: #{db.round(1)}ms (#{queries} " \
                   "#{queries == 1 ? "query" : "queries"}, #{rand(0..queries / 3)} cached) | GC: #{gc_ms.to_f.round(1)}ms)")
    when :lograge_kv
      @logger.info("method=#{verb} path=#{path} format=#{route[:format].downcase} controller=#{controller} " \
                   "action=#{action} status=#{status} allocations=#{allocations} duration=#{ms.round(2)} " \
                   "view=#{view.round(2)} db=#{db.round(2)} pid=#{Process.pid} request_id=#{rid}")
    when :lograge_json
      @logger.info({ method: verb, path: path, format: route[:format].downcase, controller: controller,
                     action: action, status: status, allocations: allocations, duration: ms.round(2),
                     view: view.round(2), db: db.round(2), time: started.utc.strftime("%Y-%m-%dT%H:%M:%S.%3NZ"),
                     pid: Process.pid, request_id: rid }.to_json)
    end
    [status, headers, body]
  end
end
