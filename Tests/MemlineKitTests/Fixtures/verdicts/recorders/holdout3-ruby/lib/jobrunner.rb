# frozen_string_literal: true

# A Sidekiq-like job process (stdlib only, no Redis): a scheduler enqueues what sidekiq-cron / the web app would,
# CONCURRENCY processor threads run the jobs, and the log is one of Sidekiq's formats:
#   :json7    Sidekiq 7 JsonFormatter: {"ts":…,"pid":…,"tid":…,"lvl":"INFO","msg":"start","ctx":{"class":…,"jid":…}}
#             (done: "ctx" also has "elapsed")
#   :pretty7  Sidekiq 7 Pretty: 2026-12-06T09:10:00.123Z pid=123 tid=2bx class=X jid=… elapsed=1.2 INFO: done
#   :pretty5  Sidekiq 5 Pretty: 2026-12-06T09:10:00.123Z 123 TID-ow2 X JID-… INFO: done: 1.234 sec
# Schedule entries: { klass:, every: seconds, offset: seconds, args: ->(n) { [...] } } and one-offs { klass:, at: }.
# TERM: quiet, let running jobs finish, exit. The main thread also serves HeapDump requests.
require "json"

class JobRunner
  def initialize(log_path:, style:, concurrency:, version:, app:, schedule:, boot_lines: [])
    @log = File.open(log_path, "a")
    @log.sync = true
    @style = style
    @concurrency = concurrency
    @version = version
    @app = app
    @schedule = schedule
    @boot_lines = boot_lines
    @lock = Mutex.new
    @rng = Random.new(Process.pid)
    @busy = 0
  end

  def tid
    (Thread.current.object_id ^ Process.pid).to_s(36)
  end

  def say(msg, ctx = nil, level: "INFO")
    ts = Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%3NZ")
    line = case @style
           when :json7
             h = { ts: ts, pid: Process.pid, tid: tid, lvl: level, msg: msg }
             h[:ctx] = ctx if ctx
             h.to_json
           when :pretty7
             c = (ctx || {}).map { |k, v| "#{k}=#{v}" }.join(" ")
             "#{ts} pid=#{Process.pid} tid=#{tid}#{c.empty? ? "" : " #{c}"} #{level}: #{msg}"
           when :pretty5
             c = ctx ? " #{ctx[:class]} JID-#{ctx[:jid]}" : ""
             "#{ts} #{Process.pid} TID-#{tid}#{c} #{level}: #{msg}"
           end
    @lock.synchronize { @log.puts(line) }
  end

  def title
    $0 = "sidekiq #{@version} #{@app} [#{@busy} of #{@concurrency} busy]"
  end

  def run
    title
    @boot_lines.each { |l| say(l) }
    say("Booting Sidekiq #{@version} with #{@version.start_with?("7") ? "Sidekiq::RedisClientAdapter::CompatClient" : "redis"} options {:url=>\"redis://10.0.7.3:6379/0\"}")
    say("Starting processing, hit Ctrl-C to stop")
    queue = Queue.new
    threads = Array.new(@concurrency) do
      Thread.new do
        while (job = queue.pop)
          klass, args, jid = job
          ctx = { class: klass.name, jid: jid }
          @lock.synchronize { @busy += 1; title }
          say("start", ctx)
          t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
          begin
            klass.new.perform(*args)
            elapsed = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)
            if @style == :pretty5
              say("done: #{elapsed} sec", ctx)
            else
              say("done", ctx.merge(elapsed: elapsed))
            end
          rescue StandardError => e
            elapsed = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0).round(3)
            say(@style == :pretty5 ? "fail: #{elapsed} sec" : "fail", @style == :pretty5 ? ctx : ctx.merge(elapsed: elapsed))
            say("#{e.class}: #{e.message}", nil, level: "WARN")
          end
          @lock.synchronize { @busy -= 1; title }
        end
      end
    end
    stop = false
    trap("TERM") { stop = true }
    trap("INT") { stop = true }
    start = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    next_at = @schedule.map { |e| e[:at] || e.fetch(:offset, 0) }
    runs = Array.new(@schedule.size, 0)
    until stop
      now = Process.clock_gettime(Process::CLOCK_MONOTONIC) - start
      @schedule.each_with_index do |e, i|
        next unless next_at[i] && now >= next_at[i]
        args = e[:args] ? e[:args].call(runs[i]) : []
        queue << [e[:klass], args, "%024x" % @rng.rand(2**96)]
        runs[i] += 1
        next_at[i] = e[:every] ? next_at[i] + e[:every] * (0.8 + 0.4 * @rng.rand) : nil
      end
      HeapDump.poll
      sleep 0.05
    end
    say("Shutting down")
    say("Terminating quiet threads for default capsule") if @version.start_with?("7")
    say("Scheduler exiting...")
    queue.close
    say("Pausing to allow jobs to finish...")
    threads.each(&:join)
    say("Bye!")
  end
end
