import Foundation
import GRDB

@testable import MemlineKit

/// Builds small synthetic incidents row by row, for behaviours the recordings do not isolate.
struct SyntheticIncident {
    let db: MemlineDatabase
    static let t0 = Timestamp(milliseconds: 1_795_305_600_000)  // 2026-11-22T00:00:00Z

    init() throws { db = try MemlineDatabase.inMemory() }

    /// A deterministic pseudo-random number in [-1, 1] (a linear congruential step), so tests never flake.
    static func noise(_ i: Int, seed: Int = 1) -> Double {
        let x = (i &* 1_103_515_245 &+ 12345 &* seed) & 0x7fff_ffff
        return Double(x % 20001) / 10000 - 1
    }

    private func artifact(_ conn: Database, name: String) throws -> Int64 {
        try conn.execute(
            sql:
                "INSERT INTO artifacts (path, name, format, ingested_at) VALUES (?, ?, 'synthetic', '2026-11-22T00:00:00.000Z')",
            arguments: [name, name])
        return conn.lastInsertedRowID
    }

    /// RSS samples `(seconds after t0, KiB)` for one process.
    func samples(
        _ values: [(Double, Double)], pid: Int?, process: String = "web", host: String? = "h1", limitKB: Double? = nil,
        file: String = "samples.txt"
    ) throws {
        try db.write { conn in
            let id = try artifact(conn, name: file)
            for (i, v) in values.enumerated() {
                try conn.execute(
                    sql: """
                        INSERT INTO rss_samples (artifact_id, line, ts, host, pid, process, rss_kb, limit_kb)
                        VALUES (?,?,?,?,?,?,?,?)
                        """,
                    arguments: [
                        id, i + 1, Self.t0.adding(milliseconds: Int64(v.0 * 1000)).iso8601, host, pid, process,
                        v.1, limitKB,
                    ])
            }
        }
    }

    /// Per-request RSS lines `(seconds, endpoint, delta KiB, RSS after KiB)` for one pid.
    func requests(
        _ rows: [(Double, String, Double, Double)], pid: Int, host: String? = "h1", file: String = "performance.log"
    ) throws {
        try db.write { conn in
            let id = try artifact(conn, name: file)
            for (i, r) in rows.enumerated() {
                try conn.execute(
                    sql: """
                        INSERT INTO request_memory (artifact_id, line, ts, host, pid, url, path, endpoint, delta_kb, rss_kb)
                        VALUES (?,?,?,?,?,?,?,?,?,?)
                        """,
                    arguments: [
                        id, i + 1, Self.t0.adding(milliseconds: Int64(r.0 * 1000)).iso8601, host, pid,
                        "https://app" + r.1, r.1, r.1, r.2, r.3,
                    ])
            }
        }
    }

    /// Logged requests `(seconds, endpoint)` of one pid, without RSS (a Rails or access log).
    func loggedRequests(_ rows: [(Double, String)], pid: Int, host: String? = "h1", file: String = "production.log")
        throws
    {
        try db.write { conn in
            let id = try artifact(conn, name: file)
            for (i, r) in rows.enumerated() {
                try conn.execute(
                    sql:
                        "INSERT INTO requests (artifact_id, line, ts_start, host, pid, path, endpoint) VALUES (?,?,?,?,?,?,?)",
                    arguments: [
                        id, i + 1, Self.t0.adding(milliseconds: Int64(r.0 * 1000)).iso8601, host, pid, r.1, r.1,
                    ])
            }
        }
    }

    /// Job runs `(start seconds, end seconds, class)` of one pid.
    func jobs(_ runs: [(Double, Double, String)], pid: Int, host: String? = "h1", file: String = "sidekiq.log") throws {
        try db.write { conn in
            let id = try artifact(conn, name: file)
            for (i, r) in runs.enumerated() {
                try conn.execute(
                    sql: """
                        INSERT INTO jobs (artifact_id, line, ts_start, ts_end, duration_ms, host, pid, class, status)
                        VALUES (?,?,?,?,?,?,?,?,'done')
                        """,
                    arguments: [
                        id, i + 1, Self.t0.adding(milliseconds: Int64(r.0 * 1000)).iso8601,
                        Self.t0.adding(milliseconds: Int64(r.1 * 1000)).iso8601, Int((r.1 - r.0) * 1000), host, pid,
                        r.2,
                    ])
            }
        }
    }

    /// One event (restart, deploy…) at `seconds`.
    func event(
        _ kind: String, at seconds: Double, host: String? = "h1", process: String? = nil, message: String? = nil
    ) throws {
        try db.write { conn in
            let id = try artifact(conn, name: "events.log")
            try conn.execute(
                sql:
                    "INSERT INTO events (artifact_id, line, ts, host, process, kind, message) VALUES (?, 1, ?, ?, ?, ?, ?)",
                arguments: [
                    id, Self.t0.adding(milliseconds: Int64(seconds * 1000)).iso8601, host, process, kind,
                    message ?? kind,
                ])
        }
    }

    /// Every analysis table as text, in id order: the byte-for-byte output determinism is judged on.
    func analysisDump() throws -> String {
        var out = ""
        for table in AnalysisWriter.tables.sorted() {
            out += "## \(table)\n" + (try db.query(sql: "SELECT * FROM \(table) ORDER BY id").rendered(as: .csv))
        }
        return out
    }
}
