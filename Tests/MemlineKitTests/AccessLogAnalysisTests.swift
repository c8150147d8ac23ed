import Foundation
import Testing

@testable import MemlineKit

/// An access log (no pid, host from `--host`) next to a memory series of the same host whose floor steps up
/// while a rare, slow endpoint is in flight: the analysis must reach the access log rows by host.
struct AccessLogAnalysisTests {
    /// 10:00 to 12:00 UTC: /health every 3 s, /users/:id every 7 s, /reports/:id every 11 s, and every
    /// 10 minutes from 10:05 one `GET /imports/:id/export` of 25 s, 15 s into which the worker keeps 12 MB.
    private static let start = Int64(1_796_464_800_000)  // 2026-12-05T10:00:00Z
    private static let exportEvery: Int64 = 600_000
    private static let exportMS: Int64 = 25_000

    private static func exportWindows() -> [(start: Int64, end: Int64)] {
        stride(from: start + 300_000, to: start + 7_200_000, by: Int(exportEvery)).map { ($0, $0 + exportMS) }
    }

    /// nginx's `combined` stamp of `ms` (UTC).
    private static func stamp(_ ms: Int64) -> String {
        let iso = Timestamp(milliseconds: ms).iso8601  // 2026-12-05T10:00:00.000Z
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = iso.split(whereSeparator: { "-T.".contains($0) })
        let month = months[(Int(parts[1]) ?? 1) - 1]
        return "\(parts[2])/\(month)/\(parts[0]):\(parts[3]) +0000"
    }

    /// The access log: one line per request at its end, `$request_time` appended when `timed`.
    private static func accessLog(timed: Bool) -> String {
        var requests: [(end: Int64, line: String)] = []
        func add(_ begin: Int64, _ ms: Int64, _ method: String, _ target: String, _ status: Int, _ bytes: Int) {
            let time = timed ? String(format: " %.3f %.3f", Double(ms) / 1000, Double(ms) / 1000) : ""
            let line =
                "10.0.0.\(requests.count % 7 + 2) - - [\(stamp(begin + ms))] \"\(method) \(target) HTTP/1.1\" "
                + "\(status) \(bytes) \"-\" \"python-requests/2.31.0\"\(time)"
            requests.append((begin + ms, line))
        }
        for t in stride(from: start, to: start + 7_200_000, by: 3000) { add(t, 5, "GET", "/health", 200, 2) }
        for (i, t) in stride(from: start + 1000, to: start + 7_200_000, by: 7000).enumerated() {
            add(t, 30, "GET", "/users/\(i % 40 + 1)?tab=\(i % 3)", i % 9 == 0 ? 404 : 200, 1800)
        }
        for (i, t) in stride(from: start + 2000, to: start + 7_200_000, by: 11_000).enumerated() {
            add(t, 60, i % 5 == 0 ? "POST" : "GET", "/reports/\(i % 12 + 1)", 200, 5400)
        }
        for (i, w) in exportWindows().enumerated() {
            add(w.start, exportMS, "GET", "/imports/\(i + 1)/export", 200, 9_000_000)
        }
        return requests.sorted { $0.end < $1.end }.map(\.line).joined(separator: "\n") + "\n"
    }

    /// A pidstat-like series of the worker every 10 s: 300 MB, +12 MB kept 15 s into each export.
    private static func memoryCSV() -> String {
        var rows = ["ts,pid,process,host,rss_kb"]
        let windows = exportWindows()
        for (k, t) in stride(from: start, through: start + 7_200_000, by: 10_000).enumerated() {
            var kept = 0.0
            for w in windows where t >= w.start + 15_000 { kept += 12_288 }
            let jitter = Double((k * 37) % 11 - 5) * 60  // ±300 KB, deterministic
            rows.append("\(Timestamp(milliseconds: t).iso8601),4242,gunicorn,web1,\(Int(300_000 + kept + jitter))")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    private static func ingest(timed: Bool, host: String = "web1") throws -> MemlineDatabase {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try accessLog(timed: timed).write(
            to: dir.appendingPathComponent("access.log"), atomically: true, encoding: .utf8)
        try memoryCSV().write(to: dir.appendingPathComponent("rss.csv"), atomically: true, encoding: .utf8)
        let db = try MemlineDatabase.inMemory()
        var logOptions = IngestOptions()
        logOptions.host = host
        let log = try db.ingest(path: dir.appendingPathComponent("access.log").path, options: logOptions)
        let rss = try db.ingest(path: dir.appendingPathComponent("rss.csv").path, options: IngestOptions())
        #expect(log.format == "access-log" && log.skipped == 0)
        #expect(rss.format == "memory-csv")
        return db
    }

    @Test func slowEndpointInFlightDuringTheStepsIsNamedThroughTheHost() throws {
        // Given the timed access log (--host web1, no pid) and the worker's RSS (pid 4242 on web1)
        let db = try Self.ingest(timed: true)
        // When the analysis runs
        _ = try Analysis.run(on: db)
        // Then the worker grows
        let trends = try db.trends()
        #expect(trends.count == 1)
        #expect(trends.allSatisfy { $0.kind == "leak" || $0.kind == "step" })
        // And the export endpoint is the first suspect, by its requests in flight, saying it is timing
        let suspects = try db.suspects()
        let first = try #require(suspects.first)
        #expect(first.kind == "endpoint")
        #expect(first.name == "/imports/:id/export")
        #expect(first.reason.contains("in flight"))
        #expect(first.reason.contains("not measured growth"))
        // And none of the frequent endpoints is blamed
        #expect(!suspects.contains { ["/health", "/users/:id", "/reports/:id"].contains($0.name) })
        // And its evidence points at access log lines
        let evidence = try db.evidence(forSuspect: first.id)
        #expect(evidence.contains { $0.file == "access.log" })
    }

    @Test func untimedLogCannotSayWhatWasInFlightAndNamesNoEndpoint() throws {
        // Given the same requests logged as plain `combined` (no $request_time): each is an instant at its end
        let db = try Self.ingest(timed: false)
        let instants = try db.query(
            sql: "SELECT count(*) FROM requests WHERE ts_start = ts_end AND duration_ms IS NULL")
        #expect(instants.rows.first?.first == .integer(4096))
        // When the analysis runs
        _ = try Analysis.run(on: db)
        // Then no endpoint is named by timing the log does not have: each export is logged 10 s after the rise it
        // caused, outside it, so the worker itself is the suspect
        let suspects = try db.suspects()
        #expect(!suspects.contains { $0.kind == "endpoint" })
        #expect(suspects.first?.kind == "process")
    }

    @Test func accessLogOfAnotherHostExplainsNothing() throws {
        // Given the timed log, but from web2's nginx, next to web1's worker
        let db = try Self.ingest(timed: true, host: "web2")
        // When the analysis runs
        _ = try Analysis.run(on: db)
        // Then web2's requests are out of scope for web1's memory: no endpoint is named
        #expect(!(try db.suspects()).contains { $0.kind == "endpoint" })
    }
}
