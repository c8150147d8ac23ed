import GRDB

/// Moves every stored time of one artifact by an offset, in the caller's transaction.
///
/// The data tables that hold an artifact's rows with a time are listed here (a test checks that every table with
/// an `artifact_id` and a time column is either listed or is an analysis result, recomputed by `memline analyze`).
/// The tables with no artifact_id index (`rss_rows`, `requests`) are scanned once each. `rss_rows` holds the rows of
/// the `rss_samples` and `request_memory` views (m0011): views are not tables, so it is shifted itself, once.
enum ClockShift {
    /// Table and the time columns of its rows: ISO-8601 text, or milliseconds since 1970 when the name ends in `_ms`.
    static let timeColumns: [(table: String, columns: [String])] = [
        ("rss_rows", ["ts_ms"]),
        ("requests", ["ts_start", "ts_end"]),
        ("jobs", ["ts_start", "ts_end"]),
        ("events", ["ts"]),
        ("gc_samples", ["ts"]),
        ("heap_snapshots", ["taken_at"]),
        ("heap_profiles", ["taken_at"]),
        ("process_samples", ["ts"]),
        ("metric_samples", ["ts"]),
    ]

    /// Tables written by `memline analyze` (or `heap diff`/`profile diff`): recomputed, never shifted.
    static let derivedTables: Set<String> = [
        "trends", "spikes", "window_counts", "endpoint_growth", "job_overlaps", "suspects", "suspect_evidence",
        "worker_budgets", "analysis_runs", "clock_skews", "heap_diff", "profile_diff", "profile_trend",
    ]

    /// Adds `delta` to the artifact's times and to its `clock_offset_ms`, recording `source`.
    /// - Returns: the rows whose times moved.
    @discardableResult
    static func shift(_ db: Database, artifactID: Int64, by delta: ClockOffset, source: String) throws -> Int {
        guard delta.milliseconds != 0 else { return 0 }
        let modifier = delta.sqliteModifier
        var moved = 0
        for (table, columns) in timeColumns {
            guard try db.tableExists(table) else { continue }
            let inMilliseconds = columns.allSatisfy { $0.hasSuffix("_ms") }
            let sets = columns.map {
                inMilliseconds ? "\($0) = \($0) + ?1" : "\($0) = strftime('%Y-%m-%dT%H:%M:%fZ', \($0), ?1)"
            }.joined(separator: ", ")
            try db.execute(
                sql: "UPDATE \(table) SET \(sets) WHERE artifact_id = ?2",
                arguments: [inMilliseconds ? delta.milliseconds : modifier, artifactID])
            moved += db.changesCount
        }
        try db.execute(
            sql: """
                UPDATE artifacts SET first_ts = strftime('%Y-%m-%dT%H:%M:%fZ', first_ts, ?1),
                    last_ts = strftime('%Y-%m-%dT%H:%M:%fZ', last_ts, ?1),
                    clock_offset_ms = clock_offset_ms + ?2, clock_offset_source = ?3
                WHERE id = ?4
                """, arguments: [modifier, delta.milliseconds, source, artifactID])
        return moved
    }
}
