# ActionController as far as the log goes: lograge (Logstash formatter) with custom_options.
class ApplicationController
  attr_reader :request, :params

  def initialize(request, params, name, action, format)
    @request, @params, @name, @action, @format = request, params, name, action, format
    @status = 200
    @db_ms = 0.0
  end

  def self.tenant_of(request) = request.host.to_s.split(".").first

  # ActionController::RoutingError, as lograge logs it
  def self.not_found(req)
    Tallybook.logger.info(JSON.generate({
      "method" => req.request_method, "path" => req.path_info, "format" => "html", "controller" => "ActionController::RoutingError",
      "action" => nil, "status" => 404, "error" => "ActionController::RoutingError: No route matches [#{req.request_method}] \"#{req.path_info}\"",
      "duration" => 0.41, "view" => 0.0, "db" => 0.0, "@timestamp" => Time.now.utc.iso8601(3), "@version" => "1",
      "message" => "[404] #{req.request_method} #{req.path_info} (ActionController::RoutingError#)",
      "pid" => Process.pid, "host" => Tallybook::HOST, "request_id" => req.get_header("HTTP_X_REQUEST_ID") || SecureRandom.uuid,
      "tenant" => tenant_of(req) }))
    [404, { "content-type" => "text/html" }, ["Not Found"]]
  end

  def dispatch
    t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    allocs = GC.stat(:total_allocated_objects)
    body = send(@action)
    ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
    view = [ms - @db_ms, 0.05].max * 0.85
    Tallybook.logger.info(JSON.generate({
      "method" => request.request_method, "path" => request.path_info, "format" => @format, "controller" => @name,
      "action" => @action.to_s, "status" => @status, "allocations" => GC.stat(:total_allocated_objects) - allocs, "duration" => ms.round(2), "view" => view.round(2), "db" => @db_ms.round(2),
      "@timestamp" => Time.now.utc.iso8601(3), "@version" => "1",
      "message" => "[#{@status}] #{request.request_method} #{request.path_info} (#{@name}##{@action})",
      "pid" => Process.pid, "host" => Tallybook::HOST,
      "request_id" => request.get_header("HTTP_X_REQUEST_ID") || SecureRandom.uuid, "tenant" => tenant }))
    [@status, { "content-type" => @format == "json" ? "application/json" : "text/html" }, [body]]
  end

  private

  def tenant = self.class.tenant_of(request)

  # the database, as far as memory goes: a wait and some rows
  def query(ms, rows)
    sleep(ms / 1000.0)
    @db_ms += ms
    Array.new(rows) do |i|
      { "id" => 10_000 + i, "number" => "INV-2026-#{format("%05d", i * 37 % 99_999)}", "customer" => "Customer #{i % 97}",
        "total_cents" => (i * 7919) % 250_000, "currency" => "EUR", "due_on" => "2026-12-#{format("%02d", i % 28 + 1)}" }
    end
  end

  def render_rows(rows)
    "<table>" + rows.map { |r| "<tr><td>#{r["number"]}</td><td>#{r["customer"]}</td><td>#{r["total_cents"] / 100.0}</td><td>#{r["due_on"]}</td></tr>" }.join + "</table>"
  end
end
