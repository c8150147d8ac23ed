import Foundation
import GRDB

/// The incident database: one SQLite file holding every artifact, row and finding.
///
/// Opening it applies the embedded migrations; a file written by a newer memline is refused.
/// ```swift
/// let db = try MemlineDatabase(path: "incident.sqlite")
/// let summary = try db.ingest(path: "production.log", options: IngestOptions())
/// ```
public struct MemlineDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The path shown in messages (`:memory:` for tests).
    public let path: String
    /// True when the file or its folder cannot be written: commands read what is stored, and writing throws
    /// `StoreError.readOnlyDatabase`.
    public let isReadOnly: Bool

    /// Opens (creating if needed) the database at `path` in WAL mode with foreign keys on.
    /// - Throws: `StoreError.newerSchema` when the file has migrations this build does not know,
    ///   `.readOnlyDatabase` when the file or its folder cannot be written.
    public init(path: String) throws {
        guard !DatabaseFile.isReadOnly(path) else { throw StoreError.readOnlyDatabase(path: path) }
        let queue = try DatabaseQueue(path: path, configuration: Self.configuration(readOnly: false))
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try self.init(writer: queue, path: path)
    }

    /// Opens an existing database: for writing when its file and folder can be written, else read-only.
    ///
    /// A database in a read-only folder or on a read-only medium is read without a lock or a side file
    /// (`init(readingOnly:)`); what is stored can be listed, queried and reported, and a command that writes throws.
    /// ```swift
    /// let db = try MemlineDatabase(existing: "/media/usb/incident.sqlite")
    /// if db.isReadOnly, try db.analysisThresholds() == nil { print("not analysed, and read-only") }
    /// ```
    /// - Throws: `StoreError.missingDatabase`, `.newerSchema`, and the errors of `init(readingOnly:)`.
    public init(existing path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missingDatabase(path: path) }
        if DatabaseFile.isReadOnly(path) {
            try self.init(readingOnly: path)
        } else {
            try self.init(path: path)
        }
    }

    /// Opens an existing database read-only, whatever its permissions, creating no file beside it.
    ///
    /// Meant for a database nothing writes while it is open: without a write-ahead log it is read as immutable
    /// (no lock); beside a non-empty `-wal` it is read through its `-shm` (`DatabaseFile`).
    /// - Throws: `StoreError.newerSchema`, `.readOnlyOlderSchema` when it lacks migrations this build would apply,
    ///   `.unreadableLog` when its write-ahead log cannot be read without writing.
    public init(readingOnly path: String) throws {
        let queue = try DatabaseFile.readOnlyQueue(path: path, configuration: Self.configuration(readOnly: true))
        try self.init(writer: queue, path: path, readOnly: true)
    }

    /// An in-memory database, for tests.
    public static func inMemory() throws -> MemlineDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try MemlineDatabase(writer: DatabaseQueue(configuration: config), path: ":memory:")
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // 64 MiB of page cache keeps index pages of a large ingest in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return config
    }

    init(writer: any DatabaseWriter, path: String, readOnly: Bool = false) throws {
        self.writer = writer
        self.path = path
        self.isReadOnly = readOnly
        let migrator = SchemaMigrations.migrator
        let complete = try writer.read { db in
            let known = Set(SchemaMigrations.all.map(\.identifier))
            let applied = try SchemaMigrations.applied(db)
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown) }
            return applied.count == known.count
        }
        if readOnly {
            guard complete else { throw StoreError.readOnlyOlderSchema(path: path) }
        } else {
            try writer.write(SchemaMigrations.renameApplied)
            try migrator.migrate(writer)
            // An ingest of several files killed between two of them left the indexes it dropped unbuilt.
            try buildPendingIndexes()
        }
    }

    /// Runs `body` inside one write transaction: all of it lands, or none of it.
    /// - Throws: `StoreError.readOnlyDatabase` when the database was opened read-only.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try requireWritable()
        return try writer.write(body)
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Throws `StoreError.readOnlyDatabase` when the database was opened read-only.
    func requireWritable() throws {
        if isReadOnly { throw StoreError.readOnlyDatabase(path: path) }
    }

    /// Runs `body` in a write transaction, or in a read when the database is read-only; `body` is told whether it
    /// may store what it computed (a heap or profile diff keeps its rows for SQL, and shows them either way).
    func computing<T>(_ body: (Database, _ canStore: Bool) throws -> T) throws -> T {
        if isReadOnly { return try writer.read { db in try body(db, false) } }
        return try writer.write { db in try body(db, true) }
    }
}
