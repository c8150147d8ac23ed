class ApplicationController
  STATUS = { 200 => "OK", 201 => "Created" }.freeze
  attr_reader :request, :params

  def initialize(request, params, name, action, format)
    @request, @params, @name, @action, @format = request, params, name, action, format
    @status = 200
    @db_ms = 0.0
  end

  def logger = Lanternpay.logger

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
                "ActiveRecord: #{@db_ms.round(1)}ms (#{(@db_ms / 3).ceil} queries, 0 cached) | GC: #{(ms * 0.04).round(1)}ms | " \
                "Allocations: #{GC.stat(:total_allocated_objects) - allocs})")
    [@status, { "content-type" => @format == "JSON" ? "application/json" : "text/html" }, [body]]
  end

  private

  def employee_formats(id)
    Lanternpay::Formats.for(Lanternpay::Formats::LOCALES[id.to_i % 4], "dept-#{id.to_i / 4 % 5}")
  end

  def query(ms, rows)
    sleep(ms / 1000.0)
    @db_ms += ms
    Array.new(rows) { |i| { "id" => i, "name" => "Mitarbeiter #{i}", "gross_cents" => (i * 7919) % 900_000 } }
  end

  def render(fmt, rows)
    "<table>" + rows.map { |r| "<tr><td>#{r["name"]}</td><td>#{r["gross_cents"] / 100.0}</td><td>#{fmt["locale"]}</td></tr>" }.join + "</table>"
  end
end
