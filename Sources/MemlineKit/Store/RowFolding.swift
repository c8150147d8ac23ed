import GRDB

/// Folds the rows an artifact read that another artifact already holds: the same stream exported twice (a `heroku
/// logs` capture and the Papertrail archive of the same hours, a log copied before and after rotation).
///
/// It runs at the end of the artifact's transaction, in SQL, over the rows just written (those with an id above
/// the table's largest id before the load, `mark`): nothing is held in memory, and a row is compared only with
/// older rows found through the table's time index. A new row is folded when an older row of another artifact
/// says the same: every column but where it came from (`id`, `artifact_id`, `line`, `line_end`) is equal, the
/// request id and the source (host, dyno, pid, process) included, and its times are less than a second apart
/// (Papertrail prints whole seconds where `heroku logs` prints microseconds). A folded row is deleted and
/// recorded in `folded_rows` with the artifact, row and line that hold it; `fold` returns the counts by holder.
///
/// Rows of one artifact are never folded into each other, and a row with no time is never folded. Heap dumps and
/// profiles are not folded (a whole duplicate file is caught by its sha256).
struct RowFolding {
    /// One table whose rows can be folded.
    struct Table {
        let name: String
        /// Columns compared within a second; every other column but `skipped` is compared whole (`IS`).
        let times: [String]
        /// Whether the time columns hold milliseconds since 1970 (`rss_rows.ts_ms`) rather than ISO-8601 text.
        var timesInMilliseconds = false
        /// How older rows are looked up, through an index of the table; a row is looked up by each pass it matches
        /// until one finds its holder.
        let passes: [Pass]
        /// The `IngestSummary.rowCounts` keys a folded row is counted under, each with the condition on the row.
        let counts: [(key: String, condition: String)]
    }

    /// One lookup of older rows `b` for new rows `a`.
    struct Pass {
        /// Which new rows it looks at.
        var rows = "1"
        /// Equalities that lead the index (`b.pid IS a.pid`), besides the time.
        var match = "1"
        /// The indexed time column: older rows at the same millisecond are looked up first, then those less than a
        /// second away (one export printing whole seconds); nil when the pass finds rows without it.
        var time: String?
    }

    /// Columns that say where a row came from, not what it says.
    static let skipped: Set<String> = ["id", "artifact_id", "line", "line_end"]

    static let tables: [Table] = [
        Table(
            name: "requests", times: ["ts_start", "ts_end"],
            passes: [
                Pass(rows: "a.ts_start IS NOT NULL", time: "ts_start"),
                Pass(rows: "a.ts_start IS NULL AND a.ts_end IS NOT NULL", match: "b.pid IS a.pid", time: "ts_end"),
            ], counts: [("requests", "1")]),
        Table(name: "events", times: ["ts"], passes: [Pass(time: "ts")], counts: [("events", "1")]),
        Table(
            name: "rss_rows", times: ["ts_ms"], timesInMilliseconds: true,
            passes: [
                Pass(
                    rows: "a.in_rss_samples = 1", match: "b.in_rss_samples = 1 AND b.host IS a.host AND b.pid IS a.pid",
                    time: "ts_ms"),
                Pass(rows: "a.url IS NOT NULL", match: "b.url IS NOT NULL", time: "ts_ms"),
            ],
            counts: [("rss_samples", "a.in_rss_samples = 1"), ("request_memory", "a.url IS NOT NULL")]),
        Table(
            name: "jobs", times: ["ts_start", "ts_end"],
            passes: [
                Pass(rows: "a.ts_start IS NOT NULL", time: "ts_start"),
                Pass(
                    rows: "a.ts_start IS NULL AND a.ts_end IS NOT NULL", match: "b.pid IS a.pid AND b.ts_start IS NULL"),
            ], counts: [("jobs", "1")]),
        Table(
            name: "gc_samples", times: ["ts"], passes: [Pass(match: "b.pid IS a.pid", time: "ts")],
            counts: [("gc_samples", "1")]),
        Table(
            name: "process_samples", times: ["ts"], passes: [Pass(match: "b.pid IS a.pid", time: "ts")],
            counts: [("process_samples", "1")]),
        Table(
            name: "metric_samples", times: ["ts"], passes: [Pass(match: "b.name = a.name", time: "ts")],
            counts: [("metric_samples", "1")]),
    ]

    /// An index-friendly condition: `older` is less than a second from `new` (both UTC ISO-8601 text, or both
    /// milliseconds).
    static func near(_ older: String, _ new: String, inMilliseconds: Bool = false) -> String {
        if inMilliseconds { return "\(older) > \(new) - 1000 AND \(older) < \(new) + 1000" }
        return "\(older) > strftime('%Y-%m-%dT%H:%M:%fZ', \(new), '-1 seconds') "
            + "AND \(older) < strftime('%Y-%m-%dT%H:%M:%fZ', \(new), '+1 seconds')"
    }

    /// The lookups of `pass`: the same millisecond first (one index probe per row), then within a second for the
    /// rows still without a holder.
    static func lookups(_ pass: Pass, inMilliseconds: Bool) -> [String] {
        guard let time = pass.time else { return ["(\(pass.rows)) AND \(pass.match)"] }
        return [
            "(\(pass.rows)) AND \(pass.match) AND b.\(time) = a.\(time)",
            "(\(pass.rows)) AND a.id NOT IN (SELECT row_id FROM temp.fold_pairs) AND \(pass.match) AND "
                + near("b.\(time)", "a.\(time)", inMilliseconds: inMilliseconds),
        ]
    }

    /// The largest row id of each table before the artifact's rows were written.
    private let before: [String: Int64]

    /// Notes where each table ends, before an artifact's rows are written.
    static func mark(_ db: Database) throws -> RowFolding {
        var before: [String: Int64] = [:]
        for table in tables {
            before[table.name] = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM \(table.name)") ?? 0
        }
        return RowFolding(before: before)
    }

    /// Folds the rows of `artifactID` that older artifacts hold, and returns what was folded into which.
    ///
    /// Only artifacts whose time span overlaps this one's can hold its rows; with none, nothing is read.
    func fold(_ db: Database, artifactID: Int64) throws -> [IngestSummary.Fold] {
        guard try Self.overlapsAnother(db, artifactID: artifactID) else { return [] }
        try db.execute(
            sql: """
                CREATE TEMP TABLE IF NOT EXISTS fold_pairs (row_id INTEGER PRIMARY KEY, held_id INTEGER NOT NULL);
                DELETE FROM temp.fold_pairs;
                """)
        var folds: [Int64: IngestSummary.Fold] = [:]
        let unindexed = try DeferredIndexes.pendingTables(db)
        for table in Self.tables {
            let before = self.before[table.name] ?? 0
            guard try Self.pair(db, table, before: before, indexed: !unindexed.contains(table.name)) else { continue }
            try Self.tally(db, table, into: &folds)
            try Self.record(db, table)
        }
        return folds.keys.sorted().compactMap { folds[$0] }
    }

    /// Whether another artifact's time span overlaps this one's (give or take a second).
    private static func overlapsAnother(_ db: Database, artifactID: Int64) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (
                  SELECT 1 FROM artifacts o, artifacts n
                  WHERE n.id = ? AND o.id <> n.id AND o.first_ts IS NOT NULL AND n.first_ts IS NOT NULL
                    AND o.first_ts < strftime('%Y-%m-%dT%H:%M:%fZ', n.last_ts, '+1 seconds')
                    AND o.last_ts > strftime('%Y-%m-%dT%H:%M:%fZ', n.first_ts, '-1 seconds'))
                """, arguments: [artifactID]) ?? false
    }

    /// Fills `temp.fold_pairs` with each new row of `table` and the oldest row that says the same; false when the
    /// table held no row before the artifact (nothing to look up).
    private static func pair(_ db: Database, _ table: Table, before: Int64, indexed: Bool) throws -> Bool {
        guard
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM \(table.name) WHERE id <= ?)", arguments: [before]) == true
        else { return false }
        let same = try sameness(db, table)
        let older = indexed ? "main.\(table.name)" : try nearCopy(db, table, before: before)
        defer { if !indexed { try? db.execute(sql: "DROP TABLE \(older)") } }
        for lookup in table.passes.flatMap({ lookups($0, inMilliseconds: table.timesInMilliseconds) }) {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO temp.fold_pairs (row_id, held_id)
                    SELECT a.id, min(b.id) FROM main.\(table.name) AS a CROSS JOIN \(older) AS b
                    WHERE a.id > ? AND \(lookup) AND b.id <= ? AND \(same)
                    GROUP BY a.id
                    """, arguments: [before, before])
        }
        return true
    }

    /// For a table whose indexes are pending (`DeferredIndexes`, an ingest of several files): a copy of its older
    /// rows less than a second from a new row's time, indexed on those times, to look holders up in.
    ///
    /// A holder's times are each within a second of its row's, and a row has at least one: no holder is left out.
    /// Rotated logs share only the seconds around their cut, so a few rows are copied, not the table sorted.
    private static func nearCopy(_ db: Database, _ table: Table, before: Int64) throws -> String {
        let copy = "temp.fold_older"
        let near = table.times.map { column in
            let new = "FROM main.\(table.name) WHERE id > \(before)"
            if table.timesInMilliseconds {
                return
                    "\(column) BETWEEN (SELECT min(\(column)) - 1000 \(new)) AND (SELECT max(\(column)) + 1000 \(new))"
            }
            return "\(column) BETWEEN (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', min(\(column)), '-1 seconds') \(new)) "
                + "AND (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', max(\(column)), '+1 seconds') \(new))"
        }
        try db.execute(
            sql: """
                CREATE TEMP TABLE fold_older AS SELECT * FROM main.\(table.name)
                WHERE id <= ? AND (\(near.joined(separator: " OR ")))
                """, arguments: [before])
        for column in Set(table.passes.compactMap(\.time)).sorted() {
            try db.execute(sql: "CREATE INDEX temp.fold_older_\(column) ON fold_older(\(column))")
        }
        return copy
    }

    /// Adds the pairs of `table` to the counts by holder (rows, and rows by `IngestSummary.rowCounts` key).
    private static func tally(_ db: Database, _ table: Table, into folds: inout [Int64: IngestSummary.Fold]) throws {
        let sums = table.counts.map { "sum(CASE WHEN \($0.condition) THEN 1 ELSE 0 END)" }.joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT b.artifact_id, h.name, count(*), \(sums) FROM temp.fold_pairs p
                JOIN main.\(table.name) a ON a.id = p.row_id JOIN main.\(table.name) b ON b.id = p.held_id
                JOIN artifacts h ON h.id = b.artifact_id
                GROUP BY b.artifact_id
                """)
        for row in rows {
            let holder: Int64 = row[0]
            var fold = folds[holder] ?? IngestSummary.Fold(heldBy: row[1], artifactID: holder, rows: 0, rowCounts: [:])
            fold.rows += row[2] as Int
            for (index, count) in table.counts.enumerated() {
                let n: Int = row[index + 3]
                if n > 0 { fold.rowCounts[count.key, default: 0] += n }
            }
            folds[holder] = fold
        }
    }

    /// Records the pairs of `table` in `folded_rows` and deletes the new rows they fold.
    private static func record(_ db: Database, _ table: Table) throws {
        try db.execute(
            sql: """
                INSERT INTO folded_rows (artifact_id, line, row_table, held_artifact_id, held_row_id, held_line)
                SELECT a.artifact_id, a.line, ?, b.artifact_id, b.id, b.line FROM temp.fold_pairs p
                JOIN main.\(table.name) a ON a.id = p.row_id JOIN main.\(table.name) b ON b.id = p.held_id
                ORDER BY a.id;
                DELETE FROM main.\(table.name) WHERE id IN (SELECT row_id FROM temp.fold_pairs);
                DELETE FROM temp.fold_pairs;
                """, arguments: [table.name])
    }

    /// Requests of the artifact still stored with a request id (`artifacts.request_ids`), after folding.
    func storedRequestIDs(_ db: Database) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT count(*) FROM requests WHERE id > ? AND request_id IS NOT NULL",
            arguments: [before["requests"] ?? 0]) ?? 0
    }

    /// The condition that row `b` says what row `a` says: every column compared, times within a second.
    private static func sameness(_ db: Database, _ table: Table) throws -> String {
        let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table.name])
        // Exact columns first: most candidates differ there, before any time is computed.
        var terms = columns.filter { !skipped.contains($0) && !table.times.contains($0) }.map { "b.\($0) IS a.\($0)" }
        for column in table.times {
            let apart =
                table.timesInMilliseconds
                ? "abs(b.\(column) - a.\(column)) < 1000"
                : "abs(julianday(b.\(column)) - julianday(a.\(column))) * 86400 < 1"
            terms.append("(b.\(column) IS a.\(column) OR \(apart))")
        }
        return terms.joined(separator: " AND ")
    }
}
