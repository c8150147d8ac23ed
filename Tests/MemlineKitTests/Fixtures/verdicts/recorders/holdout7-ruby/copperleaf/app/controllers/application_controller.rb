class ApplicationController
  STATUS = { 200 => "OK", 201 => "Created" }.freeze
  attr_reader :request, :params

  def initialize(request, params, name, action, format)
    @request, @params, @name, @action, @format = request, params, name, action, format
    @status = 200
    @db_ms = 0.0
  end

  def logger = Copperleaf.logger

  def dispatch
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    allocs = GC.stat(:total_allocated_objects)
    ip = request.get_header("HTTP_X_FORWARDED_FOR") || request.ip
    logger.info("Started #{request.request_method} \"#{request.fullpath}\" for #{ip} at #{Time.now.utc.strftime("%Y-%m-%d %H:%M:%S +0000")}")
    logger.info("Processing by #{@name}##{@action} as #{@format}")
    logger.info("  Parameters: #{params.inspect}") unless params.empty?
    body = send(@action)
    ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    views = [ms - @db_ms, 0.1].max * 0.9
    logger.info("Completed #{@status} #{STATUS[@status]} in #{ms.round}ms (Views: #{views.round(1)}ms | " \
                "ActiveRecord: #{@db_ms.round(1)}ms | Allocations: #{GC.stat(:total_allocated_objects) - allocs})")
    [@status, { "content-type" => { "JSON" => "application/json", "CSV" => "text/csv" }.fetch(@format, "text/html") }, [body]]
  end

  private

  def query(ms, rows)
    sleep(ms / 1000.0)
    @db_ms += ms
    Array.new(rows) { |i| { "id" => i, "memo" => "Buchung #{i} #{params["id"]}", "amount_cents" => (i * 7919) % 900_000 } }
  end

  def render_rows(rows)
    "<table>" + rows.map { |r| "<tr><td>#{r["memo"]}</td><td>#{r["amount_cents"] / 100.0}</td></tr>" }.join + "</table>"
  end
end
