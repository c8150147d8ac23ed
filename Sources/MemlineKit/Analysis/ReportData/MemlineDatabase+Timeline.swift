import GRDB

/// One line of the incident timeline, with where it was written.
public struct TimelineEntry: Sendable, Equatable, FetchableRecord, Decodable {
    public var ts: String
    public var kind: String
    public var host: String?
    public var pid: Int?
    public var message: String
    public var file: String
    public var line: Int

    public var source: String { "\(file):\(line)" }
}

extension MemlineDatabase {
    /// The SQL of the event part of the timeline.
    public static let timelineEventsSQL = """
        SELECT e.ts, e.kind, e.host, e.pid, e.message, a.name AS file, e.line
        FROM events e JOIN artifacts a ON a.id = e.artifact_id
        WHERE e.ts >= ? AND e.ts <= ?
        ORDER BY e.ts, e.id
        """

    /// Events (deploys, restarts, R14, OOM kills, notes) and failed jobs, in time order.
    public func timelineEvents(in window: ReportWindow = ReportWindow()) throws -> [TimelineEntry] {
        try read { db in
            var entries = try TimelineEntry.fetchAll(
                db, sql: Self.timelineEventsSQL, arguments: [window.lower, window.upper])
            entries += try TimelineEntry.fetchAll(
                db,
                sql: """
                    SELECT coalesce(j.ts_end, j.ts_start) AS ts, 'job-failed' AS kind, j.host, j.pid,
                           coalesce(j.class, '?') || ' ' || coalesce(j.jid, '') || ' failed'
                             || coalesce(': ' || j.error, '') AS message,
                           a.name AS file, coalesce(j.line_end, j.line) AS line
                    FROM jobs j JOIN artifacts a ON a.id = j.artifact_id
                    WHERE j.status = 'fail' AND coalesce(j.ts_end, j.ts_start) >= ? AND coalesce(j.ts_end, j.ts_start) <= ?
                    ORDER BY ts, j.id
                    """, arguments: [window.lower, window.upper])
            return entries.sorted { ($0.ts, $0.file, $0.line) < ($1.ts, $1.file, $1.line) }
        }
    }

    /// Counts of events per kind in the window: the report's impact figures.
    public func eventCounts(in window: ReportWindow = ReportWindow()) throws -> [(kind: String, count: Int)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT kind, count(*) AS n FROM events WHERE ts >= ? AND ts <= ? GROUP BY kind ORDER BY n DESC, kind",
                arguments: [window.lower, window.upper]
            ).map { ($0["kind"], $0["n"]) }
        }
    }

    /// The whole database's time span, from every table that has times. A heap dump or profile timed only by an
    /// mtime far from every other row (a copy time, see `SnapshotPlacement`) does not stretch it.
    public func timeSpan() throws -> (first: String, last: String)? {
        try read { db in
            let placement = try SnapshotPlacement(db)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.first_ts AS f, a.last_ts AS l, coalesce(s.taken_at_source, p.taken_at_source) AS source
                    FROM artifacts a LEFT JOIN heap_snapshots s ON s.artifact_id = a.id
                    LEFT JOIN heap_profiles p ON p.artifact_id = a.id
                    WHERE a.first_ts IS NOT NULL AND a.last_ts IS NOT NULL
                    """)
            var first: String?
            var last: String?
            for row in rows {
                let f: String = row["f"]
                let l: String = row["l"]
                let source: String? = row["source"]
                if placement.isCopyTime(f, source: source) { continue }
                if first.map({ f < $0 }) ?? true { first = f }
                if last.map({ l > $0 }) ?? true { last = l }
            }
            guard let first, let last else { return nil }
            return (first, last)
        }
    }
}
