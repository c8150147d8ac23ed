require "digest"

module Cobbledene
  # CL-118: bibliographic records from the union catalogue API, kept per worker in a small LRU (40 records).
  class RecordCache
    MAX = 40

    def initialize
      @h = {}
      @lock = Mutex.new
    end

    def fetch(id)
      @lock.synchronize do
        if (v = @h.delete(id))
          return @h[id] = v
        end
      end
      v = yield
      @lock.synchronize do
        @h[id] = v
        @h.shift while @h.size > MAX
      end
      v
    end

    def size = @h.size
  end

  RECORDS = RecordCache.new

  class App
    def call(env)
      case env["PATH_INFO"]
      when %r{\A/catalogue/(b\d+)\z} then html(record($1))
      when "/loans" then html(loans(env["QUERY_STRING"].to_s[/member=(\d+)/, 1].to_i))
      when "/exports/overdue.csv" then [200, { "content-type" => "text/csv" }, [overdue_csv]]
      when "/up" then [200, { "content-type" => "text/plain" }, ["ok"]]
      else [404, { "content-type" => "text/plain" }, ["not found"]]
      end
    end

    def html(s) = [200, { "content-type" => "text/html" }, [s]]

    def record(id)
      rec = RECORDS.fetch(id) do
        marc = Array.new(70) { |i| "#{format("%03d", 100 + i * 7)} #{Digest::SHA256.hexdigest("#{id}-#{i}")} $a Cobbledene union catalogue field #{i}" }
        { "id" => id, "marc" => marc, "title" => "Title of #{id}", "holdings" => Array.new(6) { |b| "branch-#{b}:#{id.hash.abs % (b + 3)}" } }
      end
      "<h1>#{rec["title"]}</h1><pre>#{rec["marc"].first(12).join("\n")}</pre>"
    end

    def loans(member)
      Array.new(25) { |i| "<li>loan #{member}-#{i} due 2026-12-#{format("%02d", i % 28 + 1)}</li>" }.join
    end

    # Overdue list for the branches, also on demand from the staff page: ten 3 MB buffers, one per branch, filled
    # from the loans API page by page, then released (String#clear) once the summary is built.
    def overdue_csv
      chunks = Array.new(10) do |c|
        rows = Array.new(256) { |i| "M#{c}#{i},b#{format("%07d", i * 37)},2026-11-#{format("%02d", i % 28 + 1)},#{i % 90}\n" }.join
        buf = String.new(capacity: 3 * 1024 * 1024)
        330.times { buf << rows }
        sleep 0.5 # next page from the loans API
        buf
      end
      summary = "branches=#{chunks.size} bytes=#{chunks.sum(&:bytesize)}\n" + chunks.first.byteslice(0, 4096).unpack1("a*")
      chunks.each(&:clear)
      summary
    end
  end
end
