import GRDB

/// The secondary indexes of the big per-line tables, dropped while artifacts load into an empty table and built
/// again once over what was loaded.
///
/// Building an index once over a loaded table (one sort) costs a fraction of keeping it up to date row by row:
/// for 1M per-request RSS lines, about 2 s against 7 s (docs/PERFORMANCE.md). Only tables with no row yet qualify, so
/// artifacts appended to tables the analysis has already indexed keep the indexes in place.
///
/// One artifact on its own builds them at the end of its transaction: a failed ingest rolls the drop back with its
/// rows. Within `MemlineDatabase.ingestingMany` (an ingest of several files, such as rotated logs or an incident's
/// folder), the dropped indexes stay dropped from one file to the next and are built once when the last is stored.
/// Each file's transaction records what it dropped in `pending_indexes`, so an ingest killed between two files
/// loses no index: opening the database for writing builds what is still pending.
struct DeferredIndexes {
    /// Tables written one row per input line, with no unique index (a unique index is a constraint: it stays).
    static let tables = ["rss_rows", "requests"]

    /// Whether the ingest in progress spans several files (`MemlineDatabase.ingestingMany`); read before the
    /// artifact's transaction, whose body runs on the database's own queue.
    @TaskLocal static var acrossArtifacts = false

    /// The `CREATE INDEX` statements to run again in `rebuild`; empty when they are pending instead.
    private let dropped: [String]

    /// Drops the non-unique indexes of every table in `tables` that holds no row; with `pending` (across
    /// artifacts), records them in `pending_indexes` instead of keeping them for `rebuild`.
    static func drop(_ db: Database, pending: Bool) throws -> DeferredIndexes {
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
                let name: String = index["name"]
                try db.execute(sql: "DROP INDEX \(name)")
                if pending {
                    try db.execute(
                        sql: "INSERT INTO pending_indexes (name, tbl_name, sql) VALUES (?, ?, ?)",
                        arguments: [name, table, index["sql"]])
                } else {
                    dropped.append(index["sql"])
                }
            }
        }
        return DeferredIndexes(dropped: dropped)
    }

    /// Builds the indexes `drop` dropped for this artifact alone, over what it loaded.
    func rebuild(_ db: Database) throws {
        try Self.build(db, dropped)
    }

    /// The tables whose indexes are pending.
    static func pendingTables(_ db: Database) throws -> Set<String> {
        try Set(String.fetchAll(db, sql: "SELECT DISTINCT tbl_name FROM pending_indexes"))
    }

    /// Builds every pending index; true when there was one.
    @discardableResult
    static func buildPending(_ db: Database) throws -> Bool {
        let statements = try String.fetchAll(db, sql: "SELECT sql FROM pending_indexes ORDER BY name")
        guard !statements.isEmpty else { return false }
        try build(db, statements)
        try db.execute(sql: "DELETE FROM pending_indexes")
        return true
    }

    /// Runs `statements`, the `CREATE INDEX` of each dropped index.
    ///
    /// SQLite's sorter may use as much memory as the page cache: with the cache cut to 16 MiB while the indexes
    /// are built, a 1M-line load peaks at about 120 MB instead of 160 MB, and builds no slower.
    private static func build(_ db: Database, _ statements: [String]) throws {
        guard !statements.isEmpty else { return }
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -65536
        try db.execute(sql: "PRAGMA cache_size = -16384")
        for sql in statements { try db.execute(sql: sql) }
        try db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
    }
}

extension MemlineDatabase {
    /// Runs `body`, an ingest of several files, building the indexes of the tables they load into empty once at
    /// its end (and when it throws) instead of after each file.
    ///
    /// Each file still lands whole or not at all; between two files, queries of those tables run without their
    /// indexes. The memline command wraps every ingest of more than one file in it.
    /// ```swift
    /// try db.ingestingMany { for path in rotated { _ = try db.ingest(path: path) } }
    /// ```
    public func ingestingMany<T>(_ body: () throws -> T) throws -> T {
        let result: T
        do {
            result = try DeferredIndexes.$acrossArtifacts.withValue(true) { try body() }
        } catch {
            try? buildPendingIndexes()
            throw error
        }
        try buildPendingIndexes()
        return result
    }

    /// Builds the indexes an ingest of several files left pending; opening the database does it for one that was
    /// killed between two files.
    func buildPendingIndexes() throws {
        guard !isReadOnly else { return }
        try writer.write { db in try DeferredIndexes.buildPending(db) }
    }
}
