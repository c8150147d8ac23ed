import Foundation
import GRDB
import MemlineKit

/// `memline-bench analyze [requests] [samples] [jobs]`: times `Analysis.run` on a synthetic incident.
///
/// 16 worker pids serve the requests (one leaks on /reports/:id), each sampled once a second; one Sidekiq pid runs
/// the jobs, one class of which steps memory up. Defaults are the issue's target: 10M requests, 1M samples, 100k jobs.
/// The per-request rows are written as before m0011 (request_memory rows that are not RSS samples).
enum AnalysisBench {
    /// `memline-bench analyze-db PATH`: times the analysis of an existing database (e.g. the one `analyze` left).
    static func analyzeExisting(_ path: String) throws {
        let db = try MemlineDatabase(path: path)
        let start = Date()
        let summary = try Analysis.run(on: db)
        print("analyze: " + String(format: "%.2f s", Date().timeIntervalSince(start)))
        print(summary.text, terminator: "")
    }

    static func run(_ arguments: [String]) throws {
        let requests = arguments.count > 0 ? Int(arguments[0]) ?? 10_000_000 : 10_000_000
        let samples = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
        let jobs = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memline-bench-analyze.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let db = try MemlineDatabase(path: path)
        let start = Date()
        try generate(db, requests: requests, samples: samples, jobs: jobs)
        let generated = Date()
        let summary = try Analysis.run(on: db)
        let analysed = Date()
        print(
            "generated \(requests) requests, \(samples) samples, \(jobs) jobs in "
                + String(format: "%.1f s", generated.timeIntervalSince(start)))
        print("analyze: " + String(format: "%.2f s", analysed.timeIntervalSince(generated)))
        print(summary.text, terminator: "")
        try timeReport(db)
    }

    /// `memline report` on the analysed database (the analysis is current, so this is model + render + write).
    static func timeReport(_ db: MemlineDatabase) throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("memline-bench-report").path
        let start = Date()
        let paths = try ReportPipeline.run(
            database: db, options: ReportOptions(), templates: nil, out: out, format: .both)
        let seconds = Date().timeIntervalSince(start)
        let sizes = paths.map { path -> String in
            let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
            return "\((path as NSString).lastPathComponent) \(String(format: "%.2f", Double(bytes) / 1_048_576)) MB"
        }
        print("report: " + String(format: "%.2f s", seconds) + " (" + sizes.joined(separator: ", ") + ")")
    }

    static func generate(_ db: MemlineDatabase, requests: Int, samples: Int, jobs: Int) throws {
        let workers = 16
        let t0: Int64 = 1_795_305_600_000
        let perWorkerSamples = samples / (workers + 1)
        let spanMS = Int64(perWorkerSamples) * 1000
        func iso(_ ms: Int64) -> String { Timestamp(milliseconds: ms).iso8601 }
        try db.write { conn in
            try conn.execute(
                sql: """
                    INSERT INTO artifacts (id, path, name, format, ingested_at) VALUES
                    (1, 'pidstat.txt', 'pidstat.txt', 'bench', '2026-11-22T00:00:00.000Z'),
                    (2, 'performance.log', 'performance.log', 'bench', '2026-11-22T00:00:00.000Z'),
                    (3, 'sidekiq.log', 'sidekiq.log', 'bench', '2026-11-22T00:00:00.000Z')
                    """)
            let sample = try conn.cachedStatement(
                sql:
                    "INSERT INTO rss_rows (artifact_id, line, ts_ms, host, pid, process, rss_kb) VALUES (1,?,?,'vm',?,?,?)"
            )
            var line = 0
            for w in 0...workers {
                let leak = w < workers ? 40.0 : 0
                for i in 0..<perWorkerSamples {
                    line += 1
                    let wobble = Double((i * 7919 + w * 31) % 2000)
                    var rss = 150_000 + leak * Double(i) + wobble
                    if w == workers, i > perWorkerSamples / 3 { rss += 200_000 }
                    try sample.execute(arguments: [
                        line, t0 + Int64(i) * 1000, 1000 + w,
                        w < workers ? "unicorn_worker" : "sidekiq", rss,
                    ])
                }
            }
            let request = try conn.cachedStatement(
                sql: """
                    INSERT INTO rss_rows (artifact_id, line, ts_ms, host, pid, url, path, endpoint, delta_kb, rss_kb,
                      in_rss_samples) VALUES (2,?,?,'vm',?,?,?,?,?,?,0)
                    """)
            let endpoints = ["/reports/:id", "/users/:id", "/search", "/", "/exports/:id.csv"]
            let perWorker = requests / workers
            for w in 0..<workers {
                var rss = 150_000.0
                for i in 0..<perWorker {
                    let e = (i * 2_654_435_761 + w) % 100
                    let endpoint = e < 25 ? 0 : e < 55 ? 1 : e < 75 ? 2 : e < 97 ? 3 : 4
                    let delta: Double = endpoint == 0 ? 40 : endpoint == 4 ? 40_000 : 0
                    rss += delta
                    let ts = t0 + Int64(i) * spanMS / Int64(perWorker)
                    try request.execute(arguments: [
                        w * perWorker + i + 1, ts, 1000 + w, endpoints[endpoint],
                        endpoints[endpoint], endpoints[endpoint], delta, rss,
                    ])
                    if endpoint == 4 { rss -= 40_000 }
                }
            }
            let job = try conn.cachedStatement(
                sql: """
                    INSERT INTO jobs (artifact_id, line, line_end, ts_start, ts_end, duration_ms, host, pid, class, status)
                    VALUES (3,?,?,?,?,?,'vm',?,?,'done')
                    """)
            for j in 0..<jobs {
                let s = t0 + Int64(j) * spanMS / Int64(max(jobs, 1))
                let big = j == jobs / 3
                let d: Int64 = big ? 5000 : 200
                try job.execute(arguments: [
                    2 * j + 1, 2 * j + 2, iso(s), iso(s + d), Double(d), 1000 + workers,
                    big ? "NightlyReportJob" : "MailerJob",
                ])
            }
        }
    }
}
