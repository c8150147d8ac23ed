import GRDB

/// Reads the memory series and the restart events the analysis starts from.
///
/// Series come from `rss_samples` (one per host, pid and process name) and, for processes with no RSS
/// samples, from the RSS logged after each request (`request_memory`), thinned to the last value per second.
enum SeriesLoader {
    /// Every `rss_samples` series, ordered by host, pid, process, then time.
    static func rssSeries(_ db: Database) throws -> [MemorySeries] {
        var cursor = try RawCursor(
            db,
            sql: """
                SELECT host, pid, process, ts, rss_kb, limit_kb, artifact_id, line FROM rss_samples
                ORDER BY host, pid, process, ts, id
                """)
        var out: [MemorySeries] = []
        var current: MemorySeries?
        while try cursor.next() {
            let pid = cursor.int(1)
            if let c = current, c.pid == pid, cursor.textEquals(0, c.host), cursor.textEquals(2, c.process) {
            } else {
                if let c = current { out.append(c) }
                current = MemorySeries(
                    source: "rss_samples", host: cursor.text(0), pid: pid, process: cursor.text(2), samples: [])
            }
            guard let ms = cursor.milliseconds(3) else { continue }
            current?.samples.append(
                MemorySample(
                    ms: ms, rssKB: cursor.double(4), limitKB: cursor.optionalDouble(5),
                    artifactID: cursor.int64(6), line: Int(cursor.int64(7))))
        }
        if let c = current { out.append(c) }
        return out
    }

    /// The (host, pid) partitions of `request_memory` with their row counts, in a stable order.
    static func requestPartitions(_ db: Database) throws -> [(host: String?, pid: Int?, rows: Int)] {
        try Row.fetchAll(
            db, sql: "SELECT host, pid, count(*) AS n FROM request_memory GROUP BY host, pid ORDER BY host, pid"
        ).map { (host: $0["host"], pid: $0["pid"], rows: $0["n"]) }
    }

    /// Restart-like events (restart, deploy, rollback, crash, oom) in time order.
    static func restartEvents(_ db: Database) throws -> [RestartEvent] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.ts, e.host, e.pid, e.process, e.kind, e.message, a.name AS file, e.line
                FROM events e JOIN artifacts a ON a.id = e.artifact_id
                WHERE e.kind IN ('restart', 'deploy', 'rollback', 'crash', 'oom', 'cycling')
                ORDER BY e.ts, e.id
                """
        ).compactMap { row in
            guard let ts = Timestamp.parseISO(row["ts"] as String) else { return nil }
            return RestartEvent(
                ms: ts.milliseconds, host: row["host"], pid: row["pid"], process: row["process"], kind: row["kind"],
                file: row["file"], line: row["line"])
        }
    }
}
