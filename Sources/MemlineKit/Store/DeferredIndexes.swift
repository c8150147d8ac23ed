import GRDB

/// The secondary indexes of the big per-line tables, dropped while an artifact loads into an empty table and
/// built again at the end of the same transaction.
///
/// Building an index once over a loaded table (one sort) costs a fraction of keeping it up to date row by row:
/// for 1M per-request RSS lines, about 2 s against 7 s (docs/PERFORMANCE.md). Only tables with no row yet qualify, so
/// later artifacts, which append to tables the analysis has already indexed, keep the indexes in place. The drop
/// and the rebuild are inside the artifact's transaction: a failed ingest rolls both back with its rows.
struct DeferredIndexes {
    /// Tables written one row per input line, with no unique index (a unique index is a constraint: it stays).
    static let tables = ["rss_rows", "requests"]

    /// The `CREATE INDEX` statements to run again in `rebuild`.
    private let dropped: [String]

    /// Drops the non-unique indexes of every table in `tables` that holds no row.
    static func drop(_ db: Database) throws -> DeferredIndexes {
        var dropped: [String] = []
        for table in tables {
            guard try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") ?? true) else { continue }
            let indexes = try Row.fetchAll(
                db,
                sql: """
                    SELECT name, sql FROM sqlite_master
                    WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                    """, arguments: [table])
            for index in indexes {
                try db.execute(sql: "DROP INDEX \(index["name"] as String)")
                dropped.append(index["sql"])
            }
        }
        return DeferredIndexes(dropped: dropped)
    }

    /// Builds the dropped indexes again over what was loaded.
    ///
    /// SQLite's sorter may use as much memory as the page cache: with the cache cut to 16 MiB while the indexes
    /// are built, a 1M-line load peaks at about 120 MB instead of 160 MB, and builds no slower.
    func rebuild(_ db: Database) throws {
        guard !dropped.isEmpty else { return }
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65536
        try db.execute(sql: "PRAGMA cache_size = -16384")
        for sql in dropped { try db.execute(sql: sql) }
        try db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
    }
}
