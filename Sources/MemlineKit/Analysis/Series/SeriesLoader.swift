import GRDB

/// Reads the memory series and the restart events the analysis starts from.
///
/// Series come from `rss_samples` (one per host, pid and process name; samples of 0 KiB, an exiting process, left
/// out) and, for processes with no RSS
/// samples, from the RSS logged after each request (`request_memory`, see `RequestRetention`).
enum SeriesLoader {
    /// Every `rss_samples` series, ordered by host, pid, process, then time.
    ///
    /// Reads in the order of the index (host, pid, ts_ms), so there is no sort; series of one (host, pid) that differ
    /// by process name (dynos without pids) are told apart while reading.
    static func rssSeries(_ db: Database) throws -> [MemorySeries] {
        var cursor = try RawCursor(
            db,
            sql: """
                SELECT host, pid, process, ts_ms, rss_kb, limit_kb, artifact_id, line FROM rss_samples
                ORDER BY host, pid, ts_ms, id
                """)
        var out: [MemorySeries] = []
        var group: [MemorySeries] = []  // the series of the current (host, pid), one per process name
        var current = -1
        func flush() {
            out += group.sorted { ($0.process ?? "") < ($1.process ?? "") }
            group.removeAll()
            current = -1
        }
        while try cursor.next() {
            let pid = cursor.int(1)
            if let first = group.first, !(first.pid == pid && cursor.textEquals(0, first.host)) { flush() }
            if current < 0 || !cursor.textEquals(2, group[current].process) {
                if let i = group.firstIndex(where: { cursor.textEquals(2, $0.process) }) {
                    current = i
                } else {
                    group.append(
                        MemorySeries(
                            source: "rss_samples", host: cursor.text(0), pid: pid, process: cursor.text(2), samples: [])
                    )
                    current = group.count - 1
                }
            }
            // A live process never has 0 KiB resident: pidstat prints 0 for a process that is exiting (its memory
            // already unmapped), which is the end of the process, not memory it gave back.
            guard cursor.double(4) > 0 else { continue }
            let ms = cursor.int64(3)
            group[current].samples.append(
                MemorySample(
                    ms: ms, rssKB: cursor.double(4), limitKB: cursor.optionalDouble(5),
                    artifactID: cursor.int64(6), line: Int(cursor.int64(7))))
        }
        flush()
        return mergingAnonymous(out)
    }

    /// Joins each series that knows only its pid into its named partner (`SeriesIdentity`): both measure the
    /// same process.
    static func mergingAnonymous(_ series: [MemorySeries]) -> [MemorySeries] {
        let partners = SeriesIdentity.partners(of: series.map { ($0.host, $0.pid, $0.process) })
        var out = series
        for (anonymous, named) in partners { out[named].samples += series[anonymous].samples }
        for named in Set(partners.values) {
            out[named].samples.sort { ($0.ms, $0.artifactID, $0.line) < ($1.ms, $1.artifactID, $1.line) }
        }
        return out.enumerated().filter { partners[$0.offset] == nil }.map(\.element)
    }

    /// Restart-like events (restart, deploy, rollback, crash, oom) in time order, but for changes made inside the
    /// running process.
    static func restartEvents(_ db: Database) throws -> [RestartEvent] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.ts, e.host, e.pid, e.process, e.kind, e.message, a.name AS file, e.line
                FROM events e JOIN artifacts a ON a.id = e.artifact_id
                WHERE e.kind IN ('restart', 'deploy', 'rollback', 'crash', 'oom', 'cycling')
                  -- A note that names no host, pid or process says nothing about which series restarted.
                  AND NOT (a.format = 'oncall-notes' AND e.host IS NULL AND e.pid IS NULL AND e.process IS NULL)
                ORDER BY e.ts, e.id
                """
        ).compactMap { row in
            guard let ts = Timestamp.parseISO(row["ts"] as String),
                !RestartEvent.keepsTheProcess(row["message"] as String? ?? "")
            else { return nil }
            return RestartEvent(
                ms: ts.milliseconds, host: row["host"], pid: row["pid"], process: row["process"], kind: row["kind"],
                file: row["file"], line: row["line"])
        }
    }
}
