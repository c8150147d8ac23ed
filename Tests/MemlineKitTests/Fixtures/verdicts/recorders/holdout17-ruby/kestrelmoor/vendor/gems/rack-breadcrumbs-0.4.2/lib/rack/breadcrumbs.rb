# rack-breadcrumbs 0.4.2 (vendored into vendor/gems by KM-12): remembers the last `keep` requests (headers, params, a
# snippet of the response) so the error reporter can attach them to an exception report.
require "rack"
module Rack
  class Breadcrumbs
    Crumb = Struct.new(:at, :method, :path, :headers, :params, :snippet)
    @trail = []
    @lock = Mutex.new
    class << self
      attr_reader :trail, :lock
    end

    def initialize(app, keep: nil)
      @app = app
      @keep = keep.to_i # 0.4.2: an unset keep is 0, and 0 means "keep everything" (0.4.3 defaults it to 50)
    end

    def call(env)
      status, headers, body = @app.call(env)
      snippet = +""
      body.each { |part| snippet << part }
      hdrs = env.select { |k, _| k.start_with?("HTTP_") }.transform_values { |v| v.dup }
      crumb = Crumb.new(Time.now, env["REQUEST_METHOD"], env["PATH_INFO"].dup, hdrs, Rack::Utils.parse_query(env["QUERY_STRING"]),
                        (snippet * (1 + 2500 / (snippet.bytesize + 1)))[0, 2500])
      Breadcrumbs.lock.synchronize do
        Breadcrumbs.trail << crumb
        Breadcrumbs.trail.shift while @keep.positive? && Breadcrumbs.trail.size > @keep
      end
      [status, headers, [snippet]]
    end
  end
end
