import Foundation
import GRDB

@testable import MemlineKit

/// Loads a recorded incident (`Fixtures/incidents/<scenario>/`, see record.sh) into a database.
///
/// Until the real pidstat, performance.log and Sidekiq parsers are merged, the files are read by the tiny stand-in
/// parsers below and stored through the production `ArtifactWriter`. To switch to real ingest, replace the body of
/// `load` with: `for file in files { _ = try db.ingest(path: Fixtures.path("incidents/\(scenario)/\(file)")) }`.
enum IncidentFixture {
    static let files = ["pidstat.txt.gz", "performance.log.gz", "sidekiq.log.gz"]

    static func load(_ scenario: String, into db: MemlineDatabase) throws {
        for file in files { try StandInIngest.ingest(db, relative: "incidents/\(scenario)/\(file)") }
    }

    /// A fresh in-memory database holding the scenario.
    static func database(_ scenario: String) throws -> MemlineDatabase {
        let db = try MemlineDatabase.inMemory()
        try load(scenario, into: db)
        return db
    }
}

/// Stand-in ingest for the three recorded formats (tests only; the real parsers live in Ingest/).
enum StandInIngest {
    static func ingest(_ db: MemlineDatabase, relative: String) throws {
        let lines = try Fixtures.lines(relative)
        let name = (relative as NSString).lastPathComponent
        try db.write { conn in
            try conn.execute(
                sql:
                    "INSERT INTO artifacts (path, name, format, ingested_at) VALUES (?, ?, ?, '2026-11-22T00:00:00.000Z')",
                arguments: [relative, name, "stand-in"])
            let sink = ArtifactWriter(db: conn, artifactID: conn.lastInsertedRowID, host: nil)
            if name.hasPrefix("pidstat") {
                try pidstat(lines, sink)
            } else if name.hasPrefix("performance") {
                try performance(lines, sink)
            } else {
                try sidekiq(lines, sink)
            }
        }
    }

    /// `pidstat -r` with S_TIME_FORMAT=ISO: date in the banner, then `HH:MM:SS UID PID minflt/s majflt/s VSZ RSS %MEM Command`.
    static func pidstat(_ lines: [Line], _ sink: any RecordSink) throws {
        var host: String?
        var day: Timestamp?
        for line in lines {
            let f = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if line.number == 1 {
                host = f.first { $0.hasPrefix("(") && $0.hasSuffix(")") }.map { String($0.dropFirst().dropLast()) }
                day = f.lazy.compactMap { Timestamp.parseISO($0) }.first
                continue
            }
            guard f.count >= 9, let day, f[0] != "Average:", let pid = Int(f[2]), let rss = Double(f[6]) else {
                continue
            }
            let hms = f[0].split(separator: ":").compactMap { Int($0) }
            guard hms.count == 3 else { continue }
            let ts = day.adding(milliseconds: Int64((hms[0] * 3600 + hms[1] * 60 + hms[2]) * 1000))
            try sink.emit(
                .rssSample(
                    RSSSample(
                        line: line.number, ts: ts, host: host, pid: pid, process: f[8], rssKB: rss, vszKB: Double(f[5]),
                        minorFaultsPerSecond: Double(f[3]), majorFaultsPerSecond: Double(f[4]), memPercent: Double(f[7])
                    )))
        }
    }

    /// Seed 000's `performance.log` (Ruby Logger): `I, [time #pid]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\turl`.
    static func performance(_ lines: [Line], _ sink: any RecordSink) throws {
        for line in lines {
            let text = line.text
            guard let open = text.firstIndex(of: "["), let hash = text.firstIndex(of: "#"),
                let close = text.firstIndex(of: "]"), let consume = text.range(of: "CONSUME MEMORY: ")
            else { continue }
            let parts = text[consume.upperBound...].split(separator: "\t").map(String.init)
            guard parts.count == 3,
                let ts = Timestamp.parseISO(text[text.index(after: open)..<hash].trimmingCharacters(in: .whitespaces)),
                let pid = Int(text[text.index(after: hash)..<close]),
                let delta = Double(parts[0].replacingOccurrences(of: "KB", with: "")),
                let rss = Double(
                    parts[1].replacingOccurrences(of: "Now: ", with: "").replacingOccurrences(of: " KB", with: ""))
            else { continue }
            let url = parts[2]
            var path = url.replacingOccurrences(of: "https://app", with: "")
            if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
            let endpoint =
                "/"
                + path.split(separator: "/").map { segment -> String in
                    let stem = segment.split(separator: ".", maxSplits: 1)
                    guard let head = stem.first, head.allSatisfy(\.isNumber) else { return String(segment) }
                    return stem.count > 1 ? ":id.\(stem[1])" : ":id"
                }.joined(separator: "/")
            try sink.emit(
                .requestMemory(
                    RequestMemory(
                        line: line.number, ts: ts, pid: pid, url: url, method: "GET", path: path,
                        endpoint: endpoint == "/" ? "/" : endpoint, deltaKB: delta, rssKB: rss)))
        }
    }

    /// Sidekiq 6 pretty lines: `time pid=N tid=T class=C jid=J [elapsed=S] INFO: start|done`.
    static func sidekiq(_ lines: [Line], _ sink: any RecordSink) throws {
        var open: [String: (Job, Timestamp)] = [:]
        var order: [String] = []
        for line in lines {
            let f = line.text.split(separator: " ").map(String.init)
            guard f.count >= 5, let ts = Timestamp.parseISO(f[0]) else { continue }
            var kv: [String: String] = [:]
            for w in f where w.contains("=") {
                let p = w.split(separator: "=", maxSplits: 1).map(String.init)
                if p.count == 2 { kv[p[0]] = p[1] }
            }
            guard let jid = kv["jid"], let cls = kv["class"] else { continue }
            if line.text.hasSuffix("INFO: start") {
                var job = Job(line: line.number, status: "running")
                job.tsStart = ts
                job.pid = kv["pid"].flatMap { Int($0) }
                job.tid = kv["tid"]
                job.jid = jid
                job.jobClass = cls
                open[jid] = (job, ts)
                order.append(jid)
            } else if line.text.hasSuffix("INFO: done"), var (job, start) = open.removeValue(forKey: jid) {
                job.lineEnd = line.number
                job.tsEnd = ts
                job.durationMS = Double(ts.milliseconds - start.milliseconds)
                job.status = "done"
                start = ts
                try sink.emit(.job(job))
            }
        }
        for jid in order { if let (job, _) = open[jid] { try sink.emit(.job(job)) } }
    }
}
