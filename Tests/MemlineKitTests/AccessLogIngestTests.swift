import Foundation
import Testing

@testable import MemlineKit

struct AccessLogIngestTests {
    /// Every fixture file, relative to `Fixtures/`.
    private static func allFixtures() throws -> [String] {
        let base = Fixtures.path("")
        return try ArtifactPaths.expand(base).map { String($0.dropFirst(base.count)).trimmingPrefix("/") }
            .map(String.init).filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".sh") }
    }

    /// The format the registry picks without `access-log`: what detection said before it existed.
    private static func detectWithoutAccessLog(_ head: [String]) -> String? {
        var best: (name: String, score: Int)?
        for format in FormatRegistry.all where format.name != "access-log" {
            let score = format.detect(head)
            if score > 0, score > (best?.score ?? 0) { best = (format.name, score) }
        }
        return best?.name
    }

    /// Recorded access logs written as JSON or key=value, one request per line with the worker's pid.
    private static let keyValueAccessLogs: Set<String> = [
        "verdicts/h10-python-sticky-possync-recycle/access.log.gz",
        "verdicts/h14-python-tallyport-edi-audit-one-worker/access.log.gz",
        "verdicts/h16-python-fernway-maxrequests-geocode-memo-beside-tiles/access.log.gz",
        "verdicts/h17-python-larchway-audit-middleware-beside-report/access.log.gz",
        "verdicts/h18-jemalloc-tessellate-two-workers-deploy-webhook-leak/access.log.gz",
        "verdicts/h19-python-dunmoor-ocr-staging-large-uploads-oomkill/access.log.gz",
        "verdicts/h20-python-sallowby-recycle-seat-hold-beside-export/access.log.gz",
        "verdicts/h20-python-thornfield-prometheus-spike-deploy-control/access.log.gz",
        "verdicts/h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron/access.log.gz",
        "verdicts/h25-jemalloc-brindlecove-replay-tenant-one-worker-beside-sighup-reload/access.log.gz",
    ]

    @Test func noOtherFixtureIsClaimedAndEveryAccessLogIs() throws {
        var checked = 0
        for fixture in try Self.allFixtures() {
            let head = try Fixtures.lines(fixture).prefix(50).map(\.text)
            let detected = FormatRegistry.detect(head: Array(head))?.name
            if Self.keyValueAccessLogs.contains(fixture) {
                // A JSON or key=value access log (one request per line, with the worker's pid) is read like
                // lograge's, pid and all
                #expect(detected == "lograge", "\(fixture)")
            } else if fixture.hasPrefix("access-log/")
                || (fixture.hasPrefix("verdicts/") && fixture.contains("access.log"))
            {
                // Then every access log fixture, plain or gzipped, is an access log
                #expect(detected == "access-log", "\(fixture)")
            } else {
                // And every other fixture keeps the format it had before access-log existed
                #expect(detected == Self.detectWithoutAccessLog(Array(head)), "\(fixture)")
                #expect(ArtifactFormat.accessLog.detect(Array(head)) == 0, "\(fixture)")
            }
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func ingestsRotatedAndGzippedLogsWithTheHostAndCountsBadLines() throws {
        // Given a folder as logrotate leaves it: access.log (with one garbage line), access.log.1, access.log.2.gz
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var current = try String(contentsOfFile: Fixtures.path("access-log/nginx-combined.log"), encoding: .utf8)
        current += "upstream timed out (110: Connection timed out) while reading\n"
        try current.write(to: dir.appendingPathComponent("access.log"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("access-log/nginx-timed.log"), toPath: dir.appendingPathComponent("access.log.1").path
        )
        try FileManager.default.copyItem(
            atPath: Fixtures.path("access-log/access.log.2.gz"),
            toPath: dir.appendingPathComponent("access.log.2.gz").path)
        let db = try MemlineDatabase.inMemory()

        // When the folder is ingested with automatic detection and --host web1
        var options = IngestOptions()
        options.host = "web1"
        var summaries: [String: IngestSummary] = [:]
        for path in try ArtifactPaths.expand(dir.path) {
            let summary = try db.ingest(path: path, options: options)
            summaries[summary.name] = summary
        }

        // Then each file is an access log of 30 requests; the garbage line is an ingest error naming its line
        for name in ["access.log", "access.log.1", "access.log.2.gz"] {
            #expect(summaries[name]?.format == "access-log", "\(name)")
        }
        #expect(summaries["access.log"]?.rowCounts == ["requests": 30])
        #expect(summaries["access.log.1"]?.rowCounts == ["requests": 30])
        // The recording logged the same 30 requests in both timed layouts (.1 and .2.gz): stored once
        #expect(summaries["access.log.2.gz"]?.rowCounts == ["requests": 0])
        #expect(summaries["access.log.2.gz"]?.folded.map(\.heldBy) == ["access.log.1"])
        #expect(summaries["access.log.2.gz"]?.folded.map(\.rows) == [30])
        #expect(summaries["access.log"]?.skipped == 1 && summaries["access.log.1"]?.skipped == 0)
        let errors = try db.query(sql: "SELECT line FROM ingest_errors")
        #expect(errors.rows == [[.integer(31)]])
        // And the rows are in `requests` with the host, the endpoint and the nginx timing
        let slow = try db.query(
            sql: "SELECT ts_start, ts_end, duration_ms, host, method, path, endpoint, status, bytes, remote_ip "
                + "FROM requests WHERE endpoint = '/reports/:id/export' AND duration_ms IS NOT NULL "
                + "ORDER BY ts_start LIMIT 1")
        #expect(
            slow.rows == [
                [
                    .text("2026-12-05T20:21:47.175Z"), .text("2026-12-05T20:21:48.000Z"), .real(825), .text("web1"),
                    .text("GET"), .text("/reports/44/export"), .text("/reports/:id/export"), .integer(200),
                    .integer(40000), .text("127.0.0.1"),
                ]
            ])
        let hosts = try db.query(sql: "SELECT DISTINCT host FROM requests")
        #expect(hosts.rows == [[.text("web1")]])
    }
}
