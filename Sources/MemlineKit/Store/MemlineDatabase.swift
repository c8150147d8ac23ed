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

    /// Opens (creating if needed) the database at `path` in WAL mode with foreign keys on.
    /// - Throws: `StoreError.newerSchema` when the file has migrations this build does not know.
    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 MiB of page cache keeps index pages of a large ingest in memory.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try self.init(writer: queue, path: path)
    }

    /// An in-memory database, for tests.
    public static func inMemory() throws -> MemlineDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        return try MemlineDatabase(writer: DatabaseQueue(configuration: config), path: ":memory:")
    }

    init(writer: any DatabaseWriter, path: String) throws {
        self.writer = writer
        self.path = path
        let migrator = SchemaMigrations.migrator
        try writer.read { db in
            let known = Set(SchemaMigrations.all.map(\.identifier))
            let applied = try migrator.appliedIdentifiers(db)
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknown: unknown) }
        }
        try migrator.migrate(writer)
    }

    /// Runs `body` inside one write transaction: all of it lands, or none of it.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}
