import Foundation
import Testing

@testable import MemlineKit

struct RubyLogsStoreTests {
    private static let productionLog = """
        I, [2017-07-27T10:00:01.000100 #7551]  INFO -- : Started GET "/reports/3386?x=1" for 10.0.0.5 at 2017-07-27 10:00:01 +0800
        I, [2017-07-27T10:00:01.002000 #7551]  INFO -- : Processing by ReportsController#show as HTML
        I, [2017-07-27T10:00:01.000300 #7552]  INFO -- : Started GET "/reports/12?x=2" for 10.0.0.6 at 2017-07-27 10:00:01 +0800
        I, [2017-07-27T10:00:01.003000 #7552]  INFO -- : Processing by ReportsController#show as HTML
        I, [2017-07-27T10:00:01.310500 #7552]  INFO -- : Completed 200 OK in 307ms (Views: 290.0ms | ActiveRecord: 10.2ms)
        I, [2017-07-27T10:00:01.822500 #7551]  INFO -- : Completed 200 OK in 820ms (Views: 801.0ms | ActiveRecord: 12.9ms)
        I, [2017-07-27T10:00:02.000000 #7551]  INFO -- : Started GET "/users/12/edit" for 10.0.0.5 at 2017-07-27 10:00:02 +0800
        I, [2017-07-27T10:00:02.001000 #7551]  INFO -- : Processing by UsersController#edit as HTML
        I, [2017-07-27T10:00:02.030000 #7551]  INFO -- : Completed 200 OK in 29ms (Views: 20.0ms | ActiveRecord: 2.0ms)
        I, [2017-07-27T10:00:05.000000 #7551]  INFO -- : Started GET "/users/12/edit" for 10.0.0.5 at 2017-07-27 10:00:05 +0800
        I, [2017-07-27T10:00:05.001000 #7551]  INFO -- : Processing by UsersController#edit as HTML
        I, [2017-07-27T10:00:05.025000 #7551]  INFO -- : Completed 200 OK in 24ms (Views: 20.0ms | ActiveRecord: 2.0ms)

        """

    private static let performanceLog = """
        # Logfile created on 2017-07-27 10:00:01 +0800 by logger.rb/v1.5.0
        I, [2017-07-27T10:00:01.310000 #7552]  INFO -- : CONSUME MEMORY: 5200KB\tNow: 190000 KB\thttps://my_target_api/reports/12?x=2
        I, [2017-07-27T10:00:01.822000 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\thttps://my_target_api/reports/3386?x=1
        I, [2017-07-27T10:00:02.029500 #7551]  INFO -- : CONSUME MEMORY: 96KB\tNow: 211800 KB\thttps://my_target_api/users/12/edit
        I, [2017-07-27T10:00:05.024500 #7551]  INFO -- : CONSUME MEMORY: -100KB\tNow: 211700 KB\thttps://my_target_api/users/12/edit
        I, [2017-07-27T10:00:09.000000 #7553]  INFO -- : CONSUME MEMORY: 15044KB\tNow: 221160 KB\thttps://my_target_api/exports/7114eb77-bf3b-4732-a7a9-a3b37affdc9c

        """

    private var options: IngestOptions { IngestOptions(zone: ZoneRule(parsing: "Asia/Shanghai") ?? .utc) }

    private func ingest(_ db: MemlineDatabase, _ text: String, name: String) throws -> IngestSummary {
        try db.ingest(source: BytesSource(text), path: name, name: name, options: options)
    }

    private func joined(_ db: MemlineDatabase) throws -> [[QueryResult.Cell]] {
        try db.query(
            sql: """
                SELECT line, pid, endpoint, delta_kb, request_line, action, status, request_file
                FROM v_request_memory ORDER BY line
                """
        ).rows
    }

    @Test func joinsPerRequestRSSToRailsRequestsWhicheverIsIngestedFirst() throws {
        // Given the Rails log and the performance.log of the same two unicorn workers, in both orders
        let railsFirst = try MemlineDatabase.inMemory()
        let rails = try ingest(railsFirst, Self.productionLog, name: "production.log")
        let rss = try ingest(railsFirst, Self.performanceLog, name: "performance.log-20170727")
        #expect(rails.format == "rails" && rails.rowCounts["requests"] == 4)
        #expect(rss.format == "request-rss" && rss.rowCounts == ["request_memory": 5, "rss_samples": 5])
        let rssFirst = try MemlineDatabase.inMemory()
        _ = try ingest(rssFirst, Self.performanceLog, name: "performance.log-20170727")
        _ = try ingest(rssFirst, Self.productionLog, name: "production.log")
        // Then each RSS line meets the request of its pid and path that ended within a second
        let expected: [[QueryResult.Cell]] = [
            [
                .integer(2), .integer(7552), .text("/reports/:id"), .integer(5200), .integer(3),
                .text("ReportsController#show"), .integer(200), .text("production.log"),
            ],
            [
                .integer(3), .integer(7551), .text("/reports/:id"), .integer(16528), .integer(1),
                .text("ReportsController#show"), .integer(200), .text("production.log"),
            ],
            [
                .integer(4), .integer(7551), .text("/users/:id/edit"), .integer(96), .integer(7),
                .text("UsersController#edit"), .integer(200), .text("production.log"),
            ],
            [
                .integer(5), .integer(7551), .text("/users/:id/edit"), .integer(-100), .integer(10),
                .text("UsersController#edit"), .integer(200), .text("production.log"),
            ],
            [.integer(6), .integer(7553), .text("/exports/:uuid"), .integer(15044), .null, .null, .null, .null],
        ]
        #expect(try joined(railsFirst) == expected)
        #expect(try joined(rssFirst) == expected)
    }

    @Test func answersWhichEndpointsGrewRSSMostInOneStatement() throws {
        let db = try MemlineDatabase.inMemory()
        _ = try ingest(db, Self.performanceLog, name: "performance.log")
        let top = try db.query(
            sql: "SELECT endpoint, requests, total_delta_kb, max_delta_kb FROM v_endpoint_rss_growth")
        #expect(
            top.rows == [
                [.text("/reports/:id"), .integer(2), .integer(21728), .integer(16528)],
                [.text("/exports/:uuid"), .integer(1), .integer(15044), .integer(15044)],
                [.text("/users/:id/edit"), .integer(2), .integer(-4), .integer(96)],
            ])
    }

    @Test func ingestsRotatedAndGzippedPerformanceLogsByContent() throws {
        // Given logrotate's names for the same day, plain and gzipped, in a folder
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["performance.log-20170727", "performance.log-20170727.gz"] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("request-rss/\(name)"),
                toPath: dir.appendingPathComponent(name).path)
        }
        let db = try MemlineDatabase.inMemory()
        // When both are ingested with auto-detection
        let summaries = try ArtifactPaths.expand(dir.path).map { try db.ingest(path: $0, options: options) }
        // Then both are read as request-rss, with the garbage line recorded as an ingest error
        #expect(summaries.map(\.format) == ["request-rss", "request-rss"])
        #expect(summaries.map(\.skipped) == [1, 1])
        // And the gzipped copy holds the same lines: its rows are folded into the plain file's, not stored twice
        #expect(summaries.map { $0.rowCounts["request_memory"] } == [30, 0])
        #expect(summaries[1].folded.map(\.heldBy) == ["performance.log-20170727"])
        #expect(summaries[1].folded.map(\.rows) == [30])
        let errors = try db.query(sql: "SELECT file, line FROM v_ingest_errors ORDER BY file")
        #expect(
            errors.rows == [
                [.text("performance.log-20170727"), .integer(16)],
                [.text("performance.log-20170727.gz"), .integer(16)],
            ])
        let span = try db.query(sql: "SELECT tz, first_ts, last_ts FROM artifacts ORDER BY id LIMIT 1")
        #expect(
            span.rows == [
                [
                    .text("Asia/Shanghai"), .text("2017-07-26T22:00:44.441Z"),
                    .text("2017-07-26T22:10:34.793Z"),
                ]
            ])
    }

    @Test func storesOinkRequestsWithTheirRSSAndSamples() throws {
        let db = try MemlineDatabase.inMemory()
        let summary = try db.ingest(path: Fixtures.path("rails-log/rla_oink_22.log"))
        #expect(summary.format == "rails" && summary.rowCounts == ["requests": 4, "rss_samples": 4])
        let grew = try db.query(
            sql: """
                SELECT endpoint, rss_after_kb, rss_delta_kb FROM requests WHERE rss_delta_kb IS NOT NULL
                ORDER BY rss_delta_kb DESC LIMIT 1
                """)
        #expect(grew.rows == [[.text("/info/about"), .integer(700000), .integer(300000)]])
    }
}
