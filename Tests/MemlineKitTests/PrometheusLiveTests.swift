import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Queries a real Prometheus server: Debian's `prometheus` package (`apt-get install prometheus`), started on a
/// loopback port with a temporary data directory, scraping itself every second. Skipped, with this reason shown,
/// when the binary is not installed; a server that is installed but cannot start fails the test.
@Suite(.serialized)
struct PrometheusLiveTests {
    static let binary = SymbolTool.which("prometheus", environment: ProcessInfo.processInfo.environment)

    @Test(.enabled(if: binary != nil, "the prometheus binary is not installed (apt-get install prometheus)"))
    func ingestsAQueryRangeFromALivePrometheusServer() throws {
        let binary = try #require(Self.binary)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = Int.random(in: 20_000...40_000)
        let config = """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: memline-test
                static_configs:
                  - targets: ['127.0.0.1:\(port)']
            """
        try config.write(to: dir.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: binary)
        server.arguments = [
            "--config.file=\(dir.appendingPathComponent("prometheus.yml").path)",
            "--storage.tsdb.path=\(dir.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        let log = FileHandle(forWritingAtPath: "/dev/null")
        server.standardOutput = log
        server.standardError = log
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }

        // Wait (at most 30 s) until three samples of its own RSS are stored: each query asks for the last 30 s again,
        // and the samples an earlier answer holds are folded, not stored twice.
        let db = try MemlineDatabase.inMemory()
        var summary: IngestSummary?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 1)
            guard server.isRunning else { break }
            let now = Timestamp(date: Date())
            let query = PrometheusQuery(
                server: "http://127.0.0.1:\(port)", query: "process_resident_memory_bytes",
                start: now.adding(milliseconds: -30_000), end: now, step: "1s")
            guard let got = try? db.ingest(prometheus: query, options: IngestOptions(force: true)),
                try db.read({ try Int.fetchOne($0, sql: "SELECT count(*) FROM rss_samples") ?? 0 }) >= 3
            else { continue }
            summary = got
            break
        }
        guard let summary else {
            Issue.record("the prometheus server on 127.0.0.1:\(port) did not start or stored no samples within 30 s")
            return
        }
        #expect(summary.format == "prometheus-json")
        #expect(
            summary.path.hasPrefix("http://127.0.0.1:\(port)/api/v1/query_range?query=process_resident_memory_bytes"))
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT host, process, rss_kb FROM rss_samples ORDER BY ts")
        }
        #expect(rows.count >= 3)
        #expect(
            rows.allSatisfy {
                ($0["host"] as String?) == "127.0.0.1:\(port)" && ($0["process"] as String?) == "memline-test"
            })
        #expect(rows.allSatisfy { ($0["rss_kb"] as Double) > 1024 })
        let distinct = try db.read { try Int.fetchOne($0, sql: "SELECT count(DISTINCT ts) FROM rss_samples") }
        #expect(distinct == rows.count)
    }
}
