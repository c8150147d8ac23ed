import Foundation
import Testing

@testable import MemlineKit

struct RailsLogTests {
    private func context(_ zone: String, name: String = "production.log") -> ParseContext {
        ParseContext(sourceName: name, zone: ZoneRule(parsing: zone) ?? .utc)
    }

    private func ts(_ text: String) throws -> Timestamp { try #require(Timestamp.parseISO(text)) }

    private func parse(_ text: String, zone: String = "UTC") throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.rails.makeParser(context(zone))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func assemblesTaggedRails7RequestsWithEveryField() throws {
        // Given the Rails 7 log of a Tokyo machine (Logger prefix in local time, tags = request ids)
        let sink = try Fixtures.parse(
            "rails-log/select_rails_log_simple_rails7_tagged.log", as: .rails,
            context: context("+09:00"))
        // Then each Started…Completed is one request, nothing skipped
        #expect(sink.requests.count == 7)
        #expect(sink.skipped.isEmpty)
        var login = Request(line: 1)
        login.lineEnd = 9
        login.tsStart = try ts("2024-12-15T13:40:07.689Z")
        login.tsEnd = try ts("2024-12-15T13:40:07.726Z")
        login.durationMS = 24
        login.pid = 48158
        login.requestID = "2ffd7a51-489c-4892-9fec-9dd6172f69e2"
        login.method = "GET"
        login.path = "/login"
        login.endpoint = "/login"
        login.action = "SessionsController#new"
        login.format = "HTML"
        login.status = 200
        login.viewMS = 21.9
        login.dbMS = 0
        login.allocations = 9931
        login.remoteIP = "127.0.0.1"
        #expect(sink.requests[0] == login)
        let post = sink.requests[1]
        #expect(post.line == 12 && post.lineEnd == 24 && post.pid == 48159 && post.method == "POST")
        #expect(post.status == 302 && post.viewMS == nil && post.dbMS == 1.8 && post.allocations == 3301)
        #expect(post.format == "TURBO_STREAM" && post.durationMS == 468)
        let show = sink.requests[2]
        #expect(show.path == "/users/1" && show.endpoint == "/users/:id" && show.action == "UsersController#show")
        #expect(sink.requests.map(\.status) == [200, 302, 200, 200, 302, 302, 303])
        #expect(sink.requests.map(\.action).last == "SessionsController#destroy")
        #expect(sink.requests[5].action == "FooBar::MicropostsController#create")
    }

    @Test func keepsOverlappingTaggedRequestsApartAndTakesStartFromThePrefix() throws {
        let sink = try Fixtures.parse(
            "rails-log/select_rails_log_overlapped_rails7_tagged.log", as: .rails,
            context: context("+09:00"))
        let pairs = sink.requests.map { "\($0.requestID ?? "-") \($0.line)-\($0.lineEnd ?? 0) \($0.status ?? 0)" }
        #expect(
            pairs == [
                "5989416a-5d9a-49b1-92e5-54ef00e0e38c 1-14 200",
                "88a6d51e-f6cd-4969-bdc9-f2cebdfbea98 2-21 200",
                "06df5c81-c6dc-48f2-957c-7550a854ad00 16-35 302",
            ])
        // The Started line of 06df5c81 prints 22:47:47, but its prefix (22:44:45.545) is the clock of the file.
        #expect(try sink.requests[2].tsStart == ts("2024-12-15T13:44:45.545Z"))
        #expect(try sink.requests[2].tsEnd == ts("2024-12-15T13:44:46.027Z"))
        #expect(sink.requests.map(\.allocations) == [8231, 8254, 3056])
    }

    @Test func pairsInterleavedUntaggedLinesByPidPathAndTiming() throws {
        // Given two puma workers (pids 6750, 6751), three concurrent requests in 6750, a Completed whose
        // request started in the previous file, a routing error and a request the file ends inside
        let sink = try Fixtures.parse("rails-log/rails42_puma_interleaved.log", as: .rails, context: context("+02:00"))
        #expect(sink.skipped.isEmpty)
        let summary = sink.requests.map { r in
            [
                "\(r.line)-\(r.lineEnd.map(String.init) ?? "open")", "\(r.pid ?? 0)", r.method ?? "-", r.path ?? "-",
                r.endpoint ?? "-", r.action ?? "-", r.format ?? "-", r.status.map(String.init) ?? "-",
                r.durationMS.map { String(format: "%g", $0) } ?? "-",
            ].joined(separator: " ")
        }
        #expect(
            summary == [
                "1-1 6751 - - - - - 200 5",
                "3-11 6750 GET /users/12/edit /users/:id/edit UsersController#edit HTML 200 25",
                "7-13 6751 PATCH /users/12 /users/:id UsersController#update HTML 302 40",
                "14-16 6750 GET /health /health HealthController#show */* 200 1",
                "17-19 6751 GET /nope /nope - - 404 1",
                "2-25 6750 GET /reports/3386 /reports/:id ReportsController#show HTML 200 813",
                "26-open 6750 GET /reports/12.json /reports/:id.json ReportsController#show JSON - -",
            ])
        // Times: the prefix is local time (+02:00); the orphan's start is its end minus its duration
        let orphan = sink.requests[0]
        #expect(try orphan.tsEnd == ts("2016-05-03T07:34:37.001Z"))
        #expect(try orphan.tsStart == ts("2016-05-03T07:34:36.996Z"))
        let report = sink.requests[5]
        #expect(try report.tsStart == ts("2016-05-03T07:34:37.002Z"))
        #expect(try report.tsEnd == ts("2016-05-03T07:34:37.818Z"))
        #expect(report.viewMS == 795.2 && report.dbMS == 12.9 && report.remoteIP == "10.0.0.5")
        #expect(sink.requests[6].tsEnd == nil && sink.requests[6].status == nil)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: RailsLogTests.pumaSample)))
    func assemblesEveryRequestOfTheRealPumaLeakLog() throws {
        // The real Rails 4.2 puma log (shared samples beside the repository; no license, so not copied).
        let sink = RowCollector()
        var parser = ArtifactFormat.rails.makeParser(context("+02:00"))
        let reader = LineReader(source: try FileDescriptorSource(path: RailsLogTests.pumaSample))
        while let line = try reader.next() { try parser.parse(line, into: sink) }
        try parser.finish(into: sink)
        #expect(sink.requests.count == 395)
        #expect(sink.requests.filter { $0.status == 200 }.count == 394)
        let open = sink.requests.filter { $0.status == nil }
        #expect(open.map(\.line) == [1577])
        #expect(sink.requests.allSatisfy { $0.pid == 6750 && $0.action == "ApplicationController#forty_two" })
        // Each completed request ends after it started, by about its printed duration
        for r in sink.requests where r.status != nil {
            let start = try #require(r.tsStart)
            let end = try #require(r.tsEnd)
            let duration = try #require(r.durationMS)
            #expect(end >= start)
            #expect(Double(end.milliseconds - start.milliseconds) <= duration + 25)
        }
    }

    static let pumaSample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/samples/rails-log/test_puma_leak_rails42_production.head.log").path

    @Test func readsRails2And1xRequestsWithTheirUrlsAndSeconds() throws {
        let rails22 = try Fixtures.parse("rails-log/rla_rails_22.log", as: .rails)
        let demo = try #require(rails22.requests.first)
        #expect(rails22.requests.count == 1)
        #expect(demo.line == 1 && demo.lineEnd == 12 && demo.action == "PageController#demo" && demo.method == "GET")
        #expect(demo.path == "/demo" && demo.status == 200 && demo.durationMS == 614 && demo.viewMS == 120)
        #expect(demo.dbMS == 31 && demo.remoteIP == "127.0.0.1")
        #expect(try demo.tsStart == ts("2008-12-10T16:28:09Z") && demo.tsEnd == ts("2008-12-10T16:28:09.614Z"))

        let rails1 = try Fixtures.parse("rails-log/rla_rails_1x.log", as: .rails)
        #expect(rails1.requests.map(\.path) == ["/", "/people", "/people/2545", "/people/2545/picture"])
        #expect(rails1.requests.map(\.endpoint) == ["/", "/people", "/people/:id", "/people/:id/picture"])
        #expect(rails1.requests.map(\.status) == [200, 302, 200, 200])
        #expect(rails1.requests.map(\.durationMS) == [226.99, 47.59, 290.77, 53.83])
        #expect(rails1.requests.map(\.viewMS) == [26.67, nil, 241.87, 46.22])
        #expect(rails1.requests.map(\.dbMS) == [30.57, 37.19, 40.3, 2.06])

        let cached = try Fixtures.parse("rails-log/rla_rails_22_cached.log", as: .rails)
        #expect(cached.requests.map(\.endpoint) == ["/cached/cached"])
        #expect(cached.requests.map(\.path) == ["/cached/cached/"])
    }

    @Test func pairsUnorderedRails2RequestsByTheirUrl() throws {
        // Two processes without pids: Processing A, Processing B, Completed B, Completed A
        let sink = try Fixtures.parse("rails-log/rla_rails_unordered.log", as: .rails)
        let pairs = sink.requests.map { "\($0.action ?? "-") \($0.path ?? "-") \($0.line)-\($0.lineEnd ?? 0)" }
        #expect(pairs == ["ProjectsController#new /projects/new 6-19", "AccountController#dashboard /dashboard 1-24"])
    }

    @Test func readsRails30AndSyslogPrefixedLogs() throws {
        let rails3 = try Fixtures.parse("rails-log/rla_rails3.log", as: .rails)
        let queries = try #require(rails3.requests.first)
        #expect(rails3.requests.count == 1)
        #expect(queries.action == "QueriesController#index" && queries.status == 200 && queries.durationMS == 9)
        #expect(queries.viewMS == 4.9 && queries.dbMS == 0.5 && queries.format == "HTML" && queries.line == 1)
        #expect(try queries.lineEnd == 7 && queries.tsEnd == ts("2010-02-25T16:15:18.009Z"))

        let syslog = try Fixtures.parse("rails-log/rla_syslog_1x.log", as: .rails)
        let employee = try #require(syslog.requests.first)
        #expect(employee.pid == 1957 && employee.host == "10.1.1.32" && employee.path == "/employee.xml")
        #expect(employee.durationMS == 216.65 && employee.remoteIP == "10.1.1.33")
        #expect(try employee.tsStart == ts("2008-07-13T06:25:58Z"))
    }

    @Test func readsOinkMemoryIntoRequestsAndSamples() throws {
        let sink = try Fixtures.parse("rails-log/rla_oink_22.log", as: .rails)
        #expect(sink.requests.map(\.rssAfterKB) == [400000, 700000, 750000, 430000])
        // The delta is measured from the previous oink line of the same process (PID: 67783)
        #expect(sink.requests.map(\.rssDeltaKB) == [nil, 300000, 50000, -320000])
        #expect(sink.requests.map(\.pid) == [67783, 700, 700, 67783])
        #expect(sink.requests.map(\.host) == ["derek", "derek", "derek", "derek"])
        #expect(sink.rssSamples.map(\.rssKB) == [400000, 700000, 750000, 430000])
        #expect(sink.rssSamples.allSatisfy { $0.pid == 67783 })
        // The syslog prefix has no year: it comes from the Processing line's date
        #expect(try sink.rssSamples.last?.ts == ts("2010-06-18T11:31:31Z"))
        #expect(sink.requests.last?.durationMS == 11922)
    }

    @Test func skipsCompletedLinesWithoutStatusAndStartedLinesWithoutPath() throws {
        let sink = try parse(
            """
            I, [2024-01-01T00:00:00.000000 #1]  INFO -- : Started GET "/a" for 1.2.3.4 at 2024-01-01 00:00:00 +0000
            I, [2024-01-01T00:00:00.001000 #1]  INFO -- : Processing by AController#index as HTML
            I, [2024-01-01T00:00:00.002000 #1]  INFO -- : Completed in 3ms (Views: 1.0ms)
            I, [2024-01-01T00:00:00.003000 #1]  INFO -- : Started GET for 1.2.3.4
            I, [2024-01-01T00:00:00.004000 #1]  INFO -- : Completed 200 OK in 4ms (Views: 1.2ms | ActiveRecord: 0.3ms (2 queries, 0 cached) | GC: 0.1ms)
            I, [2024-01-01T00:00:00.005000 #1]  INFO -- : Completed sometime
            """)
        #expect(sink.skipped.map(\.line) == [3, 4, 6])
        #expect(sink.skipped[0].reason.contains("status"))
        #expect(sink.skipped[1].reason.contains("Started METHOD"))
        // The unreadable Completed leaves the request open for the next one (Rails 7.1+ details read)
        #expect(sink.requests.count == 1)
        #expect(sink.requests[0].lineEnd == 5 && sink.requests[0].status == 200 && sink.requests[0].dbMS == 0.3)
        #expect(sink.requests[0].viewMS == 1.2 && sink.requests[0].allocations == nil)
    }

    @Test func emitsRequestsThatNeverCompleteAtTheEndOrWhenStale() throws {
        let sink = try parse(
            """
            I, [2024-01-01T00:00:00.000000 #1]  INFO -- : [aaaaaaaa-1111-4111-8111-111111111111] Started GET "/slow/1" for 1.2.3.4 at 2024-01-01 00:00:00 +0000
            I, [2024-01-01T00:00:00.100000 #1]  INFO -- : [aaaaaaaa-1111-4111-8111-111111111111] Processing by SlowController#show as HTML
            I, [2024-01-01T00:30:00.000000 #2]  INFO -- : [bbbbbbbb-2222-4222-8222-222222222222] Started GET "/fast" for 1.2.3.4 at 2024-01-01 00:30:00 +0000
            I, [2024-01-01T00:30:00.000000 #2]  INFO -- : [cccccccc-3333-4333-8333-333333333333] Started GET "/reused" for 1.2.3.4 at 2024-01-01 00:30:00 +0000
            I, [2024-01-01T00:30:00.001000 #2]  INFO -- : [cccccccc-3333-4333-8333-333333333333] Started GET "/reused/again" for 1.2.3.4 at 2024-01-01 00:30:00 +0000
            """)
        // The request untouched for 30 minutes is emitted before the log ends; a reused id closes the first
        #expect(sink.requests.map(\.line) == [1, 4, 3, 5])
        #expect(sink.requests.allSatisfy { $0.status == nil && $0.lineEnd == nil && $0.tsEnd == nil })
        #expect(sink.requests[0].action == "SlowController#show" && sink.requests[0].endpoint == "/slow/:id")
    }

    @Test func anAbandonedStartDoesNotSwallowTheNextRequestOfItsPid() throws {
        // Given an untagged unicorn worker whose first request logged only `Started` (Rack::Attack said 429)
        let sink = try parse(
            """
            I, [2024-01-01T00:00:00.000000 #7]  INFO -- : Started GET "/login" for 1.2.3.4 at 2024-01-01 00:00:00 +0000
            I, [2024-01-01T00:02:00.000000 #7]  INFO -- : Started GET "/reports/5" for 1.2.3.4 at 2024-01-01 00:02:00 +0000
            I, [2024-01-01T00:02:00.001000 #7]  INFO -- : Processing by ReportsController#show as HTML
            I, [2024-01-01T00:02:00.050000 #7]  INFO -- : Completed 200 OK in 49ms (Views: 40.0ms | ActiveRecord: 5.0ms)
            """)
        // Then the second request gets its own lines and the first ends the log unfinished
        #expect(
            sink.requests.map { "\($0.line) \($0.path ?? "-") \($0.action ?? "-") \($0.status ?? 0)" } == [
                "2 /reports/5 ReportsController#show 200", "1 /login - 0",
            ])
    }

    @Test func readsPerRequestRSSLinesLoggedIntoTheRailsLog() throws {
        // Given seed 000's filter writing to Rails.logger (tagged) instead of its own file
        let sink = try parse(
            """
            I, [2017-07-26T10:00:01.000000 #7551]  INFO -- : [aaaaaaaa-1111-4111-8111-111111111111] Started GET "/reports/3386?x=1" for 1.2.3.4 at 2017-07-26 10:00:01 +0800
            I, [2017-07-26T10:00:01.001000 #7551]  INFO -- : [aaaaaaaa-1111-4111-8111-111111111111] Processing by ReportsController#show as HTML
            I, [2017-07-26T10:00:01.500000 #7551]  INFO -- : [aaaaaaaa-1111-4111-8111-111111111111] CONSUME MEMORY: 16528KB\tNow: 211704 KB\thttps://my_target_api/reports/3386?x=1
            I, [2017-07-26T10:00:01.501000 #7551]  INFO -- : [aaaaaaaa-1111-4111-8111-111111111111] Completed 200 OK in 500ms (Views: 400.0ms | ActiveRecord: 50.0ms)
            I, [2017-07-26T10:00:02.000000 #7552]  INFO -- : Started GET "/users/1/edit" for 1.2.3.4 at 2017-07-26 10:00:02 +0800
            I, [2017-07-26T10:00:02.001000 #7552]  INFO -- : Processing by UsersController#edit as HTML
            I, [2017-07-26T10:00:02.020000 #7552]  INFO -- : CONSUME MEMORY: -8KB\tNow: 190000KB\thttps://my_target_api/users/1/edit
            I, [2017-07-26T10:00:02.021000 #7552]  INFO -- : Completed 200 OK in 20ms (Views: 10.0ms)
            """, zone: "+08:00")
        #expect(sink.requestMemory.map(\.endpoint) == ["/reports/:id", "/users/:id/edit"])
        #expect(sink.requestMemory.map(\.pid) == [7551, 7552])
        #expect(sink.rssSamples.map(\.rssKB) == [211704, 190000])
        #expect(sink.requests.map(\.rssDeltaKB) == [16528, -8])
        #expect(sink.requests.map(\.rssBeforeKB) == [195176, 190008])
        #expect(sink.requests.map(\.rssAfterKB) == [211704, 190000])
        #expect(try sink.requestMemory[0].ts == ts("2017-07-26T02:00:01.500Z"))
    }

    @Test func readsRails2FormatsStatusesAndCRLF() throws {
        let sink = try parse(
            "Processing ApiController#index to xml (for 10.0.0.1 at 2009-03-01 10:00:00) [POST]\r\n"
                + "Completed in 12ms (View: 2, DB: 5) | 500 Internal Server Error "
                + "[http://x.example/api/index.xml?k=1]\r\n"
                + "Started GET \"/x?y=1\" for 10.0.0.2 at 2010-02-25 16:15:18\r\n"
                + "Completed in 9ms (Views: 4.9ms | ActiveRecord: 0.5ms) with 404\r\n"
                + "Started GET \"/old\" for 10.0.0.3 at Thu Feb 25 16:15:18 +0100 2010\r\n"
                + "Completed 200 OK in 3ms (Views: 1.0ms)\r\n",
            zone: "America/New_York")
        #expect(sink.requests.map(\.status) == [500, 404, 200])
        // Rails 3.0 on Ruby 1.8 prints Time#to_s
        #expect(try sink.requests[2].tsStart == ts("2010-02-25T15:15:18Z"))
        #expect(sink.requests[0].format == "xml" && sink.requests[0].method == "POST")
        #expect(sink.requests[0].path == "/api/index.xml" && sink.requests[0].endpoint == "/api/index.xml")
        #expect(try sink.requests[0].tsStart == ts("2009-03-01T15:00:00Z"))
        #expect(try sink.requests[1].path == "/x" && sink.requests[1].tsStart == ts("2010-02-25T21:15:18Z"))
    }

    @Test func detectsRailsLogsOfEveryVersion() throws {
        for name in [
            "select_rails_log_simple_rails7_tagged.log", "select_rails_log_overlapped_rails7_tagged.log",
            "rails42_puma_interleaved.log", "rla_rails_22.log", "rla_rails_22_cached.log", "rla_rails_1x.log",
            "rla_syslog_1x.log", "rla_rails_unordered.log", "rla_oink_22.log", "rla_rails3.log",
        ] {
            let head = try Fixtures.lines("rails-log/\(name)").prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: head)?.name == "rails", "\(name)")
        }
        #expect(ArtifactFormat.rails.detect(["I, [2024-01-01T00:00:00.000000 #1]  INFO -- : hello"]) == 0)
        #expect(ArtifactFormat.rails.detect(["cpu,mem", "1,2"]) == 0)
    }
}
