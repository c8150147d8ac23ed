import GRDB

/// A large artifact loads under a rollback journal instead of the write-ahead log, which goes back on afterwards.
///
/// In WAL mode every page an ingest writes goes to the log first and is copied into the database at the
/// checkpoint: a 1M-line log's 170 MB are written twice. A rollback journal keeps only the pages the transaction
/// changes that existed before it began; the pages a load appends are written once, and a failed or interrupted
/// load still rolls back whole (SQLite truncates the file to its size before the transaction). For 1M per-request
/// RSS lines this saves about 0.6 s of 3.7 s (docs/PERFORMANCE.md).
///
/// Leaving WAL mode needs the only connection to the file: when another process has it open (a `memline serve`, a
/// `sqlite3` shell), the switch is refused and the load runs in WAL mode as before.
struct BulkLoadJournal {
    /// Inputs at least this big load under the rollback journal.
    static let minimumBytes: Int64 = 16 << 20
    /// A gzipped input counts as this many times its size on disk: logs and heap dumps compress 8 to 12 times.
    static let gzipRatio: Int64 = 8

    /// Runs `body`, with the rollback journal when `bytes` reaches `minimumBytes` and the database is a WAL file.
    static func during<T>(_ writer: any DatabaseWriter, bytes: Int64?, _ body: () throws -> T) throws -> T {
        guard let bytes, bytes >= minimumBytes, switchMode(writer, to: "delete", from: "wal") else {
            return try body()
        }
        defer { _ = switchMode(writer, to: "wal", from: "delete") }
        return try body()
    }

    /// Sets the journal mode when it is `from`; whether the database now runs in `to`.
    private static func switchMode(_ writer: any DatabaseWriter, to: String, from: String) -> Bool {
        (try? writer.writeWithoutTransaction { db -> Bool in
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == from else { return false }
            return try String.fetchOne(db, sql: "PRAGMA journal_mode = \(to.uppercased())")?.lowercased() == to
        }) ?? false
    }
}
