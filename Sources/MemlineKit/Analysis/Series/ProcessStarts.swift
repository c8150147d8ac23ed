import GRDB

/// When scraped processes started, from the `process_start_time_seconds` every Prometheus client library exports
/// beside `process_resident_memory_bytes`.
///
/// A series without a pid is otherwise split wherever RSS falls to a fresh process's level, the only sign of a
/// restart it has. A target that reports its start time says it: a new start time is a restart (at that time), and
/// a fall without one is memory given back (a burst's buffers freed), not a new process.
struct ProcessStarts: Sendable {
    struct Target: Hashable, Sendable {
        var host: String?
        var process: String?
    }

    /// The targets that report their start time.
    var targets: Set<Target> = []
    /// Each start after a target's first, as a restart event for its series.
    var restarts: [RestartEvent] = []

    func reportsStarts(_ series: MemorySeries) -> Bool {
        series.pid == nil && targets.contains(Target(host: series.host, process: series.process))
    }

    static func load(_ db: Database) throws -> ProcessStarts {
        var out = ProcessStarts()
        var last: [Target: Double] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT m.host, coalesce(json_extract(m.labels, '$.job'), json_extract(m.labels, '$.container')) AS process,
                       m.value, m.line, a.name AS file
                FROM metric_samples m JOIN artifacts a ON a.id = m.artifact_id
                WHERE m.name = 'process_start_time_seconds' AND m.value IS NOT NULL
                ORDER BY m.ts, m.id
                """)
        while let row = try rows.next() {
            let target = Target(host: row["host"], process: row["process"])
            let started: Double = row["value"]
            out.targets.insert(target)
            defer { last[target] = started }
            guard let before = last[target], started > before else { continue }
            out.restarts.append(
                RestartEvent(
                    ms: Int64((started * 1000).rounded()), host: target.host, pid: nil, process: target.process,
                    kind: "restart", file: row["file"], line: row["line"]))
        }
        out.restarts.sort { $0.ms < $1.ms }
        return out
    }
}
