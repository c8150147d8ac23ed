# The Rails controller plumbing this app needs: ActionController's request logging and the around_action
# :record_memory that ops added in 2019 to find a leak (the classic /proc/<pid>/status snippet).
class ApplicationController
  STATUS = { 200 => "OK", 422 => "Unprocessable Entity" }.freeze
  attr_reader :request, :params

  def initialize(request, params, name, action, format)
    @request, @params, @name, @action, @format = request, params, name, action, format
    @status = 200
    @db_ms = 0.0
  end

  def logger = Ticketwell.logger

  def dispatch
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    allocs = GC.stat(:total_allocated_objects)
    logger.info("Started #{request.request_method} \"#{request.fullpath}\" for #{request.ip} at #{Time.now.utc.strftime("%Y-%m-%d %H:%M:%S +0000")}")
    logger.info("Processing by #{@name}##{@action} as #{@format}")
    logger.info("  Parameters: #{params.inspect}") unless params.empty?
    body = nil
    record_memory { body = send(@action) }
    ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    views = [ms - @db_ms, 0.1].max * 0.8
    logger.info("Completed #{@status} #{STATUS[@status]} in #{ms.round}ms (Views: #{views.round(1)}ms | " \
                "ActiveRecord: #{@db_ms.round(1)}ms | Allocations: #{GC.stat(:total_allocated_objects) - allocs})")
    [@status, { "content-type" => @format == "JSON" ? "application/json" : "text/html" }, [body]]
  end

  private

  def record_memory
    rss_before_action = vm_rss
    yield
    rss_after_action = vm_rss
    logger.info("CONSUME MEMORY: #{rss_after_action - rss_before_action} \KB\tNow: #{rss_after_action} KB\t#{request.url}")
  end

  def vm_rss
    File.foreach("/proc/#{Process.pid}/status") { |l| return l.split[1].to_i if l.start_with?("VmRSS") }
    0
  end

  # the database, as far as memory goes: a wait and a few rows
  def query(ms, rows)
    sleep(ms / 1000.0)
    @db_ms += ms
    Array.new(rows) { |i| { "id" => i, "name" => "row #{i}", "updated_at" => "2026-12-0#{i % 6 + 1}T10:00:00Z" } }
  end

  def render_rows(rows)
    rows.map { |r| "<tr><td>#{r["id"]}</td><td>#{r["name"]}</td><td>#{r["updated_at"]}</td></tr>" }.join
  end
end
