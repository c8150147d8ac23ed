# CL-311: keep an audit record of every request until AuditShipper posts it to the compliance archive.
# The shipper runs only where AUDIT_ARCHIVE_URL is set (it is not on cl-web-1), so nothing is ever removed.
class RequestAudit
  PENDING = {}
  LOCK = Mutex.new

  def initialize(app) = @app = app

  def call(env)
    rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
    Thread.current[:request_id] = rid
    status, headers, body = @app.call(env)
    record = {
      "request_id" => rid, "at" => Time.now.utc.iso8601(6), "method" => env["REQUEST_METHOD"],
      "path" => env["PATH_INFO"].dup, "query" => env["QUERY_STRING"].dup, "status" => status,
      "headers" => env.select { |k, _| k.start_with?("HTTP_") }.transform_values { |v| v.dup },
      "actor" => "user-#{rid.hash.abs % 9000}@#{env["HTTP_HOST"]}",
      "digest" => ([rid] * 60).join(":"),
    }
    LOCK.synchronize { PENDING[rid] = record }
    [status, headers, body]
  ensure
    Thread.current[:request_id] = nil
  end
end
