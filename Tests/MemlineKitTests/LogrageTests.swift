import Foundation
import Testing

@testable import MemlineKit

struct LogrageTests {
    static let files = [
        "lograge/keyvalue.log", "lograge/keyvalue_logger_prefix.log", "lograge/keyvalue_tagged.log",
        "lograge/json.log", "lograge/json_custom_options.log", "lograge/keyvalue_logger_prefix_crlf.log",
        "lograge/keyvalue_ruby_time.log",
    ]
    /// What every recording's requests are, in order (record.sh drives the same curl requests each time).
    static let actions = [
        "JobsController#index", "HomeController#index", "JobsController#show", "JobsController#show",
        "HomeController#redirect", "JobsController#boom", "JobsController#show", "JobsController#index",
        "JobsController#show",
    ]
    static let endpoints = [
        "/jobs.json", "/", "/jobs/:id.json", "/jobs/:id", "/go", "/boom", "/jobs/:id", "/jobs",
        "/jobs/:id.json",
    ]

    private func ts(_ text: String) throws -> Timestamp { try #require(Timestamp.parseISO(text)) }

    private func parse(_ text: String, as format: ArtifactFormat = .lograge) throws -> RowCollector {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: "t.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test(arguments: files)
    func everyRealRecordingIsDetectedAndReadAsNineRequests(_ file: String) throws {
        // Given a log written by lograge 0.10 under Rails 6.1 (one formatter, prefix and options per file)
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "lograge")
        // When it is read
        let sink = try Fixtures.parse(file, as: .lograge)
        // Then each lograge line is one request; exception and backtrace lines are passed over, nothing skipped
        #expect(sink.requests.count == 9)
        #expect(sink.skipped.isEmpty)
        #expect(sink.requests.map(\.action) == Self.actions)
        #expect(sink.requests.map(\.endpoint) == Self.endpoints)
        #expect(sink.requests.map(\.status) == [200, 200, 200, 200, 302, 500, 404, 200, 200])
        #expect(sink.requests.allSatisfy { $0.method == "GET" && $0.durationMS != nil && $0.dbMS != nil })
        #expect(sink.requests[2].path == "/jobs/833552.json" && sink.requests[2].format == "json")
        // The request sent with `X-Request-Id` keeps it wherever the log has request ids.
        let last = try #require(sink.requests.last)
        if file.contains("prefix") || file.contains("tagged") || file.contains("custom") {
            #expect(last.requestID == "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
        } else if file.contains("ruby_time") {
            #expect(last.requestID == nil && last.tsEnd != nil)
        } else {
            #expect(last.requestID == nil && last.tsEnd == nil && last.tsStart == nil)
        }
    }

    @Test func keyValueLineWithoutPrefixGivesEveryFieldButTime() throws {
        let sink = try Fixtures.parse("lograge/keyvalue.log", as: .lograge)
        var show = Request(line: 3)
        show.method = "GET"
        show.path = "/jobs/833552.json"
        show.endpoint = "/jobs/:id.json"
        show.action = "JobsController#show"
        show.format = "json"
        show.status = 200
        show.durationMS = 24.94
        show.viewMS = 0.09
        show.dbMS = 0.22
        #expect(sink.requests[2] == show)
        // `error='…'` (quoted, with a space) does not end the line's fields early.
        #expect(sink.requests[5].durationMS == 0.12 && sink.requests[5].line == 6)
    }

    @Test func customOptionsGiveTimeRequestIDHostAndPid() throws {
        // Given the JSON formatter with custom_options time/request_id/host/pid
        let sink = try Fixtures.parse("lograge/json_custom_options.log", as: .lograge)
        let show = sink.requests[2]
        // Then the line ends at its `time` and starts `duration` earlier
        #expect(show.tsEnd == (try ts("2026-12-05T20:22:34.689Z")))
        #expect(show.tsStart == (try ts("2026-12-05T20:22:34.660Z")))
        #expect(show.durationMS == 28.9 && show.viewMS == 0.08 && show.dbMS == 0.2)
        #expect(show.requestID == "140589fb-f3de-4cc8-8d1f-2a1590a44d13")
        #expect(show.host == "web-1" && show.pid == 5802)
        // `--host` wins over the field
        let sinkWithHost = RowCollector()
        var parser = ArtifactFormat.lograge.makeParser(ParseContext(sourceName: "t.log", host: "box"))
        try parser.parseAll(try Fixtures.lines("lograge/json_custom_options.log"), into: sinkWithHost)
        #expect(sinkWithHost.requests.allSatisfy { $0.host == "box" })
    }

    @Test func anotherServicesKeyValueAccessLogLeadingWithItsTimeIsReadLikeLograge() throws {
        // Given a Python pre-fork service's key=value access log (recorded), its time and pid first
        let file = "verdicts/h14-python-tallyport-edi-audit-one-worker/access.log.gz"
        #expect(FormatRegistry.detect(head: try Fixtures.lines(file).prefix(50).map(\.text))?.name == "lograge")
        let sink = try Fixtures.parse(file, as: .lograge)
        // Then every line is a request with its time, pid, method, path, status and duration
        #expect(sink.skipped.isEmpty)
        #expect(sink.requests.count == 1368)
        let first = try #require(sink.requests.first)
        #expect(first.tsEnd == (try ts("2026-12-06T23:21:09.011Z")))
        #expect(first.pid == 24552 && first.method == "GET" && first.path == "/healthz" && first.status == 200)
        #expect(first.durationMS == 0.29)
        // And a Heroku router line, which leads with `at=`, is not taken for one
        #expect(try parse("at=info method=GET path=/ host=a.herokuapp.com status=200 bytes=1").requests.isEmpty)
        // Nor is a key=value line of another kind that names no method and path
        #expect(try parse("time=2026-12-06T23:21:09Z pid=3 msg=flushing").requests.isEmpty)
    }

    @Test func keyValueAccessLogWithAQuotedRequestLineAndStatusIsReadLikeLograge() throws {
        // Given a C service's access log (recorded): its time with a +10:30 offset, pid, worker and tenant, then the
        // request quoted as an access log prints it, the status, and key=value fields with `dur_ms`
        let file = "verdicts/h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload/access.log.gz"
        #expect(FormatRegistry.detect(head: try Fixtures.lines(file).prefix(50).map(\.text))?.name == "lograge")
        let sink = try Fixtures.parse(file, as: .lograge)
        // Then every line is a request with its time, pid, method, path, status and duration
        #expect(sink.skipped.isEmpty)
        #expect(sink.requests.count == 9728)
        let first = try #require(sink.requests.first)
        #expect(first.tsEnd == (try ts("2026-12-07T09:44:16.965Z")))
        #expect(first.pid == 17473 && first.method == "POST" && first.path == "/v1/hooks" && first.status == 202)
        #expect(first.durationMS == 0.29)
        // And a quoted value that reads like a request is no request line
        #expect(try parse("time=2026-12-06T23:21:09Z pid=3 msg=\"GET /x took\" 200").requests.isEmpty)
        // Nor is a quoted request without a status after it
        #expect(try parse("time=2026-12-06T23:21:09Z pid=3 \"GET /x\" slow").requests.isEmpty)
    }

    @Test func rubyTimePrintedWithSpacesIsTheLineTimeAndMonotonicEventTimeIsNot() throws {
        // Given `custom_options` `time: Time.now, event_time: event.time` under the key=value formatter
        let sink = try Fixtures.parse("lograge/keyvalue_ruby_time.log", as: .lograge)
        // Then `time=2026-12-05 20:35:31 +0000` is the end, whole seconds, and the fields after it are still read
        let first = sink.requests[0]
        #expect(first.tsEnd == (try ts("2026-12-05T20:35:31Z")))
        #expect(first.tsStart == (try ts("2026-12-05T20:35:30.998Z")))
        #expect(first.durationMS == 2.01 && first.dbMS == 0.27)
        // `time=4835.63` (the monotonic `event.time`) is not taken for a time
        let monotonic = try parse(
            "method=GET path=/ format=*/* controller=HomeController action=index status=200 duration=1.09 "
                + "time=4835.63")
        #expect(monotonic.requests.count == 1 && monotonic.requests.first?.tsEnd == nil)
    }

    @Test func keepOriginalRailsLogCountsEachRequestOnce() throws {
        // Given `keep_original_rails_log = true`: each request logged as Started…Completed, then as lograge
        let head = try Fixtures.lines("lograge/keyvalue_keep_original.log").prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "rails")
        for format in [ArtifactFormat.rails, .lograge] {
            let sink = try Fixtures.parse("lograge/keyvalue_keep_original.log", as: format)
            // Then each request is one row, the classic one (it has the allocations)
            #expect(sink.requests.count == 9)
            #expect(sink.requests.map(\.action) == Self.actions)
            #expect(sink.requests.filter { $0.status != 500 && $0.status != 404 }.allSatisfy { $0.allocations != nil })
        }
        // The same without request-id tags: matched by pid, action, status, duration and time
        let untagged = try Fixtures.lines("lograge/keyvalue_keep_original.log").map { line -> Line in
            var text = line.text
            if let range = text.range(of: #"\[[0-9a-f-]{36}\] "#, options: .regularExpression) {
                text.removeSubrange(range)
            }
            return Line(number: line.number, text: text)
        }
        let sink = RowCollector()
        var parser = ArtifactFormat.rails.makeParser(ParseContext(sourceName: "t.log"))
        try parser.parseAll(untagged, into: sink)
        #expect(sink.requests.count == 9)
        #expect(sink.requests.allSatisfy { $0.requestID == nil })
    }

    @Test func taggedLoggerPrefixGivesTimePidAndRequestID() throws {
        let sink = try Fixtures.parse("lograge/keyvalue_tagged.log", as: .lograge)
        let first = sink.requests[0]
        #expect(first.tsEnd == (try ts("2026-12-05T20:22:31.965Z")))
        #expect(first.tsStart == (try ts("2026-12-05T20:22:31.963Z")))
        #expect(first.pid == 5740 && first.requestID == "0a9beeb1-9c13-429a-85db-3af786d4d0a4")
    }

    @Test func crlfLinesReadAsTheLFRecording() throws {
        let lf = try Fixtures.parse("lograge/keyvalue_logger_prefix.log", as: .lograge)
        let crlf = try Fixtures.parse("lograge/keyvalue_logger_prefix_crlf.log", as: .lograge)
        #expect(crlf.requests == lf.requests)
        #expect(crlf.requests.last?.host == "web-1")
    }

    @Test func truncatedLastLineIsSkippedWithTheReason() throws {
        let sink = try Fixtures.parse("lograge/json_custom_options_truncated.log", as: .lograge)
        #expect(sink.requests.count == 8)
        #expect(sink.skipped.count == 1)
        #expect(sink.skipped.first?.line == 17)
        #expect(sink.skipped.first?.reason.contains("truncated") == true)
    }

    @Test func malformedLinesAreSkippedWithReasonsAndOtherLinesIgnored() throws {
        // Given real lines with their fields broken, and lines of other programs
        let text = """
            method=GET path=/jobs/17 format=*/* controller=JobsController action=show status=OK duration=26.62
            method=GET format=json status=200 duration=1.0
            {"method":"GET","path":"/","format":"*/*","controller":"HomeController","action":"index","duration":1.1}
            {"method":"GET","path":"/","format":"*/*","controller":"HomeController","action":"index","status":true}
            {"ts":"2026-12-05T20:22:34.625Z","pid":5802,"tid":"e83","lvl":"INFO","msg":"start"}
            Rendered jobs/index.html.erb (Duration: 0.4ms | Allocations: 101)
            2026-12-05T20:22:34.625Z method=GET path=/ format=*/* controller=HomeController action=index status=200 \
            duration=1.10 view=1.02 db=0.00
            """
        let sink = try parse(text)
        // Then the readable line is a request timed by its leading time, the broken ones are skipped with why
        #expect(sink.requests.count == 1)
        #expect(sink.requests.first?.tsEnd == (try ts("2026-12-05T20:22:34.625Z")))
        #expect(sink.skipped.map(\.line) == [1, 2, 3, 4])
        #expect(sink.skipped[0].reason.contains("status is not a number"))
        #expect(sink.skipped[1].reason.contains("controller/action or path"))
        #expect(sink.skipped[2].reason.contains("without a readable status"))
        #expect(sink.skipped[3].reason.contains("without a readable status"))
    }

    @Test func detectionKeepsRailsLogsRailsAndLogrageLogsLograge() throws {
        // A classic Rails log stays `rails`, even with one lograge line in it
        var rails = try Fixtures.lines("rails-log/select_rails_log_simple_rails7_tagged.log").prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: rails)?.name == "rails")
        rails.append(try Fixtures.lines("lograge/keyvalue_tagged.log")[0].text)
        #expect(FormatRegistry.detect(head: rails)?.name == "rails")
        // Other JSON lines are not lograge
        let sidekiq = try Fixtures.lines("sidekiq/sidekiq739_json.log").prefix(50).map(\.text)
        #expect(LogrageDetector.score(sidekiq) == 0)
        let heroku = try Fixtures.lines(HerokuLogTests.sample).prefix(50).map(\.text)
        #expect(LogrageDetector.score(heroku) == 0)
        #expect(FormatRegistry.detect(head: ["plain text", "method=GET but nothing else"]) == nil)
    }

    @Test func herokuAppLinesInLogrageFormatJoinTheirRouterLine() throws {
        // Given a Heroku router line of the sample and the app's lograge line for the same request id (the
        // real keyvalue_tagged.log layout behind Heroku's `app[web.2]:` prefix), then a JSON lograge line
        let text = """
            2024-03-12T09:01:57.007646+00:00 app[web.2]: I, [2024-03-12T09:01:57.007646 #13]  INFO -- : \
            [6359225b-7102-45b2-9726-1bea55433263] method=POST path=/cart/items format=html \
            controller=CartItemsController action=create status=302 duration=86.12 view=0.00 db=35.20
            2024-03-12T09:01:57.008646+00:00 heroku[router]: at=info method=POST path="/cart/items" \
            host=shop-example-prod.herokuapp.com request_id=6359225b-7102-45b2-9726-1bea55433263 \
            fwd="198.51.100.42" dyno=web.2 connect=0ms service=88ms status=302 bytes=585 protocol=https
            2024-03-12T09:02:17.076330+00:00 app[web.1]: {"method":"GET","path":"/products/12","format":"html",\
            "controller":"ProductsController","action":"show","status":200,"duration":43.2,"view":24.8,"db":8.0}
            """
        let sink = try parse(text, as: .heroku)
        #expect(sink.skipped.isEmpty)
        #expect(sink.requests.count == 2)
        let cart = try #require(sink.requests.first { $0.host == "web.2" })
        #expect(cart.routerJoin == .requestID && cart.bytes == 585 && cart.connectMS == 0)
        #expect(cart.action == "CartItemsController#create" && cart.dbMS == 35.2 && cart.status == 302)
        #expect(cart.pid == 13 && cart.endpoint == "/cart/items")
        let product = try #require(sink.requests.first { $0.host == "web.1" })
        #expect(product.action == "ProductsController#show" && product.endpoint == "/products/:id")
        #expect(product.tsEnd == (try ts("2024-03-12T09:02:17.076Z")))
        #expect(product.tsStart == (try ts("2024-03-12T09:02:17.033Z")))
    }

    @Test func papertrailRowsWithLogrageMessagesBecomeRequests() throws {
        // Given the real Papertrail row layout (shared sample papertrail_archive_line.tsv) carrying a lograge line
        let row =
            "443623567096307717\t2014-09-02T15:22:44\t2014-09-03T00:48:43Z\t4147981\tdemo-workablehr\t"
            + "54.198.230.235\tLocal7\tInfo\tapp/web.2\t[c609f88d-5c52-42c5-8326-72743d434cba] method=GET "
            + "path=/jobs/833552.json format=json controller=JobsController action=show status=200 "
            + "duration=58.33 view=40.43 db=15.62"
        #expect(FormatRegistry.detect(head: [row])?.name == "papertrail")
        let sink = try parse(row, as: .papertrail)
        #expect(sink.skipped.isEmpty)
        let request = try #require(sink.requests.first)
        #expect(request.host == "web.2" && request.requestID == "c609f88d-5c52-42c5-8326-72743d434cba")
        #expect(request.endpoint == "/jobs/:id.json" && request.durationMS == 58.33 && request.viewMS == 40.43)
        #expect(request.tsEnd == (try ts("2014-09-02T15:22:44Z")))
    }

    @Test func ingestStoresLogrageRequests() throws {
        // Given a real lograge JSON log in a folder
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("production.log").path
        try FileManager.default.copyItem(atPath: Fixtures.path("lograge/json_custom_options.log"), toPath: file)
        let db = try MemlineDatabase.inMemory()
        // When it is ingested with detection
        let summary = try db.ingest(path: file)
        // Then its 9 requests are rows with their endpoint, action and times
        #expect(summary.format == "lograge")
        #expect(summary.skipped == 0)
        #expect(summary.rowCounts["requests"] == 9)
        let result = try db.query(
            sql: """
                SELECT endpoint, action, status, ts_start, ts_end, request_id FROM requests
                WHERE status = 200 AND endpoint = '/jobs/:id.json' ORDER BY ts_end
                """)
        let rows = result.rows.map { $0.map(\.display) }
        #expect(rows.count == 2)
        #expect(
            rows.first == [
                "/jobs/:id.json", "JobsController#show", "200", "2026-12-05T20:22:34.660Z", "2026-12-05T20:22:34.689Z",
                "140589fb-f3de-4cc8-8d1f-2a1590a44d13",
            ])
    }

    @Test func railsSemanticLoggerJSONIsOneRequestPerCompletedLine() throws {
        // Given rails_semantic_logger's JSON: Started and Completed per request, flag reloads between
        let file = "verdicts/h28-puma-cluster-hollowmere-dairy-tank-history-flag-beside-v3-9-deploy/production.log.gz"
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "lograge")
        let sink = try Fixtures.parse(file, as: .lograge)
        // Then each Completed line is a request read through its payload and named_tags
        #expect(sink.requests.count == 908)
        #expect(sink.skipped.isEmpty)
        let first = try #require(sink.requests.first)
        #expect(first.method == "POST" && first.path == "/api/tank-readings" && first.status == 201)
        #expect(first.action == "TankReadingsController#create" && first.pid == 16139 && first.allocations == 346)
        #expect(first.requestID == "653a38a7-c9a1-4524-bba6-3aaceb8bdc8d" && first.durationMS == 5.552)
        #expect(first.tsEnd?.iso8601 == "2026-12-07T14:45:24.429Z")
    }
}
