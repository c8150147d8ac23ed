require "json"
require "securerandom"
require "quenby/book_search_cache"
require "quenby/overdue_report"

module Quenby
  OUT = $stdout.tap { |o| o.sync = true }
  OUT_LOCK = Mutex.new

  def self.log(line)
    OUT_LOCK.synchronize { OUT.puts(line) }
  end

  class App
    ROUTES = [
      ["GET", %r{\A/catalogue/search\z}, "CatalogueController", "search"],
      ["GET", %r{\A/books/(\d+)\z}, "BooksController", "show"],
      ["POST", %r{\A/holds\z}, "HoldsController", "create"],
      ["GET", %r{\A/reports/overdue\.pdf\z}, "Reports::OverdueController", "show"],
      ["GET", %r{\A/up\z}, "Rails::HealthController", "show"],
    ].freeze
    REASONS = { 200 => "OK", 201 => "Created", 404 => "Not Found" }.freeze

    def call(env)
      t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      meth, path = env["REQUEST_METHOD"], env["PATH_INFO"]
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      Quenby.log("[#{rid}] Started #{meth} \"#{env["REQUEST_URI"] || path}\" for #{env["HTTP_X_FORWARDED_FOR"]} at #{Time.now.strftime("%F %T %z")}")
      _, m, ctrl, action = ROUTES.map { |r| [r, r[1].match(path), r[2], r[3]] }.find { |r, mm, *| r[0] == meth && mm }
      if m
        Quenby.log("[#{rid}] Processing by #{ctrl}##{action} as #{path.end_with?(".pdf") ? "PDF" : "HTML"}")
        status, type, body = dispatch(ctrl, m, env)
      else
        status, type, body = 404, "text/plain", "Not Found"
      end
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t) * 1000
      Quenby.log("[#{rid}] Completed #{status} #{REASONS[status]} in #{ms.round}ms (Views: #{format("%.1f", ms * 0.3)}ms | ActiveRecord: #{format("%.1f", ms * 0.2)}ms | Allocations: #{(ms * 97).round})")
      [status, { "content-type" => type }, [body]]
    end

    def dispatch(ctrl, m, env)
      case ctrl
      when "CatalogueController"
        q = env["QUERY_STRING"].to_s[/q=([^&]*)/, 1].to_s.tr("+", " ")
        hits = BookSearchCache.fetch(q)
        [200, "text/html", "<html><body><ol>#{hits.first(20).map { |h| "<li>#{h[:title]}</li>" }.join}</ol></body></html>"]
      when "BooksController"
        id = m[1].to_i
        [200, "text/html", "<html><body><h1>Book #{id}</h1><p>#{"Shelf #{id % 300}, copies #{id % 5}. " * 4}</p></body></html>"]
      when "HoldsController"
        params = env["rack.input"].read.split("&").map { |kv| kv.split("=", 2) }.to_h
        [201, "application/json", JSON.generate({ hold: SecureRandom.hex(6), book: params["book"], branch: params["branch"], position: rand(1..9) })]
      when "Reports::OverdueController"
        branch = env["QUERY_STRING"].to_s[/branch=([\w-]+)/, 1] || "quenby-central"
        [200, "application/pdf", OverdueReport.render(branch)]
      else
        [200, "text/html", "<html><body style=\"background-color: green\"></body></html>"]
      end
    end
  end
end
