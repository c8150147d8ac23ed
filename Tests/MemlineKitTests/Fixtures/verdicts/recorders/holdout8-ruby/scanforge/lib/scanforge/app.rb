module Scanforge
  # The routes of Scanforge's API, with what each controller action does that matters for memory.
  class App
    ROUTES = [
      ["POST", %r{\A/documents/(\d+)/ocr\z}, "DocumentsController#ocr", :ocr],
      ["GET", %r{\A/documents/(\d+)\z}, "DocumentsController#show", :show],
      ["GET", %r{\A/documents\z}, "DocumentsController#index", :index],
      ["POST", %r{\A/documents\z}, "DocumentsController#create", :create],
      ["GET", %r{\A/inbox\z}, "InboxController#index", :inbox],
    ].freeze

    def call(env)
      req = Rack::Request.new(env)
      rid = env["HTTP_X_REQUEST_ID"] || SecureRandom.uuid
      Thread.current[:request_id] = rid
      log = Scanforge.logger
      t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      allocs0 = GC.stat(:total_allocated_objects)
      log.info("Started #{req.request_method} \"#{req.fullpath}\" for #{env["HTTP_X_FORWARDED_FOR"] || req.ip} at #{Time.now.utc.strftime("%F %T %z")}")
      meth, _, action, handler = ROUTES.find { |m, re, *| m == req.request_method && re.match?(req.path_info) }
      unless handler
        log.info("Completed 404 Not Found in 0ms")
        return [404, { "content-type" => "text/plain" }, ["not found"]]
      end
      id = ROUTES.find { |m, re, *| m == meth && re.match?(req.path_info) }[1].match(req.path_info)&.[](1)
      log.info("Processing by #{action} as JSON")
      log.info("  Parameters: #{{ "id" => id }.compact.inspect}") if id
      status, body, db = send(handler, req, id)
      ms = (Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000
      log.info(format("Completed %d %s in %dms (Views: %.1fms | ActiveRecord: %.1fms | Allocations: %d)", status,
                      Rack::Utils::HTTP_STATUS_CODES[status], ms, ms * 0.1, db, GC.stat(:total_allocated_objects) - allocs0))
      [status, { "content-type" => "application/json" }, [body]]
    ensure
      Thread.current[:request_id] = nil
    end

    def firm(req) = (req.get_header("HTTP_X_FIRM") || "1").to_i
    def locale(req) = req.get_header("HTTP_ACCEPT_LANGUAGE").to_s[0, 2].then { |l| l.empty? ? "de" : l }

    # POST /documents/:id/ocr: rasterise the stored scan and run the recogniser on it. The Pix is never destroyed
    # (SF-140 moved recognition into a helper and the `ensure pix.destroy` stayed behind in the old code path).
    def ocr(req, id)
      scan = req.body.read
      rng = Random.new(id.to_i)
      pix = Pix.read(scan, 1240, rng.rand(300..420))
      words = Array.new(rng.rand(80..160)) { |i| "w#{i}:#{(pix.threshold + i) % 97}" }
      sleep 0.03
      [200, JSON.generate({ "id" => id.to_i, "words" => words.size, "confidence" => 0.91 }), 2.4]
    end

    def show(req, id)
      strings = LocaleCache.fetch(firm(req), locale(req))
      doc = { "id" => id.to_i, "title" => strings["label_3"], "footer" => strings["footer"], "pages" => (id.to_i % 7) + 1 }
      sleep 0.008
      [200, JSON.generate(doc), 1.1]
    end

    def index(req, _id)
      strings = LocaleCache.fetch(firm(req), locale(req))
      docs = Array.new(50) { |i| { "id" => i, "title" => "#{strings["label_1"]} #{i}", "state" => %w[new ocr done][i % 3] } }
      sleep 0.012
      [200, JSON.generate(docs), 4.8]
    end

    def create(req, _id)
      upload = req.body.read
      chunks = upload.scan(/.{1,512}/m).map(&:reverse)
      sleep 0.02
      [201, JSON.generate({ "id" => rand(10**6), "bytes" => chunks.sum(&:bytesize) }), 3.0]
    end

    def inbox(req, _id)
      items = Array.new(30) { |i| { "id" => i, "from" => "mandant#{i}@example.de", "subject" => "Belege #{i}" * 4 } }
      sleep 0.006
      [200, JSON.generate(items), 2.0]
    end
  end
end
