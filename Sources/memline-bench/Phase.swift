import Foundation
import GRDB
import GRDBSQLite
import MemlineKit

/// One measured phase, run in its own process; prints `seconds peakKB` as its last line.
enum Phase {
    static func run(_ args: [String]) throws {
        let start = DispatchTime.now()
        switch args.first {
        case "ingest":
            let db = try MemlineDatabase(path: args[2])
            let summary = try db.ingest(path: args[1])
            FileHandle.standardError.write(Data((summary.oneLine + "\n").utf8))
        case "raw":
            try rawInsert(rows: Int(args[1]) ?? 0, path: args[2])
        case "pipeline":
            // The classic per-request RSS pipeline, verbatim but for the file name.
            let script =
                "grep \"CONSUME MEMORY\" '\(args[1])' | grep -v \"CONSUME MEMORY: 0\" | "
                + "awk '{print $9 \"\\t\"  $11 $12 \"\\t\" $13}' | sort -r -n | head -n 100 > /dev/null"
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script]
            try p.run()
            p.waitUntilExit()
        case "zcat":
            try zcat(Array(args.dropFirst()))
        case "ingest-all":
            try ingestAll(db: args[1], files: Array(args.dropFirst(2)))
        case "gunzip":
            try gunzip(args[1])
        case "scan":
            try byteScan(args[1])
        case "heap-diff":
            try heapDiff(Array(args.dropFirst()))
        case "query":
            let result = try MemlineDatabase.query(
                path: args[1], sql: "SELECT delta_kb, rss_kb, url FROM request_memory ORDER BY delta_kb DESC LIMIT 100")
            precondition(result.rows.count == 100)
        case "record-memory":
            try RecordBench.memory(Array(args.dropFirst()))
            return
        case "record-overhead":
            try RecordBench.overhead(Array(args.dropFirst()))
            return
        default:
            throw CocoaError(.featureUnsupported)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        print(String(format: "%.4f", seconds), peakKB())
    }

    /// The ceiling: the same rows as the request-rss ingest (one request_memory and one rss_samples row
    /// per line) bound straight through the C API, values made in memory without parsing.
    static func rawInsert(rows: Int, path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let db = try MemlineDatabase(path: path)
        try db.write { db in
            try db.execute(
                sql: "INSERT INTO artifacts (path, name, format, ingested_at) VALUES ('raw','raw','raw','now')")
            let memory = try db.cachedStatement(
                sql: """
                    INSERT INTO request_memory (artifact_id, line, ts, host, pid, url, method, path, endpoint, delta_kb, rss_kb)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?)
                    """
            ).sqliteStatement
            let samples = try db.cachedStatement(
                sql: """
                    INSERT INTO rss_samples (artifact_id, line, ts, host, pid, process, rss_kb, vsz_kb, swap_kb, limit_kb,
                      minflt_per_s, majflt_per_s, mem_pct) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                    """
            ).sqliteStatement
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            func text(_ stmt: OpaquePointer, _ i: Int32, _ s: String) {
                var s = s
                s.withUTF8 { _ = sqlite3_bind_text(stmt, i, $0.baseAddress, Int32($0.count), transient) }
            }
            for i in 0..<rows {
                let ts = Timestamp(milliseconds: 1_795_300_000_000 + Int64(i) * 20).iso8601
                sqlite3_bind_int64(memory, 1, 1)
                sqlite3_bind_int64(memory, 2, Int64(i + 1))
                text(memory, 3, ts)
                sqlite3_bind_null(memory, 4)
                sqlite3_bind_int64(memory, 5, 7551)
                text(memory, 6, "https://app.example.com/reports/\(i % 5000)")
                sqlite3_bind_null(memory, 7)
                text(memory, 8, "/reports/\(i % 5000)")
                text(memory, 9, "/reports/:id")
                sqlite3_bind_int64(memory, 10, Int64(i % 900))
                sqlite3_bind_int64(memory, 11, 200_000 + Int64(i))
                sqlite3_step(memory)
                sqlite3_reset(memory)
                sqlite3_bind_int64(samples, 1, 1)
                sqlite3_bind_int64(samples, 2, Int64(i + 1))
                text(samples, 3, ts)
                sqlite3_bind_null(samples, 4)
                sqlite3_bind_int64(samples, 5, 7551)
                sqlite3_bind_null(samples, 6)
                sqlite3_bind_int64(samples, 7, 200_000 + Int64(i))
                for k in Int32(8)...13 { sqlite3_bind_null(samples, k) }
                sqlite3_step(samples)
                sqlite3_reset(samples)
            }
        }
    }

    static func peakKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return 0
    }
}
