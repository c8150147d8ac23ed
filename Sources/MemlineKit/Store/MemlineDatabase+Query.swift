import Foundation
import GRDB

extension MemlineDatabase {
    /// Runs user SQL on a read-only connection to the database file at `path`.
    ///
    /// ```swift
    /// let result = try MemlineDatabase.query(path: "incident.sqlite", sql: "select count(*) from requests")
    /// print(result.rendered(as: .markdown))
    /// ```
    /// - Throws: `StoreError.missingDatabase`, `.readOnly` for a write attempt, `.sql` with SQLite's message,
    ///   `.unreadableLog` (`DatabaseFile`).
    public static func query(path: String, sql: String) throws -> QueryResult {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missingDatabase(path: path) }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let queue: DatabaseQueue
        do {
            // In a read-only folder or on a read-only medium, without the -shm file WAL mode would create.
            queue =
                DatabaseFile.isReadOnly(path)
                ? try DatabaseFile.readOnlyQueue(path: path, configuration: config)
                : try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError.sql(message: error.message ?? "\(error)")
        }
        return try queue.read { db in try run(sql: sql, in: db) }
    }

    /// Runs user SQL on this database's own connection (read-only transaction).
    public func query(sql: String) throws -> QueryResult {
        try writer.read { db in try Self.run(sql: sql, in: db) }
    }

    static func run(sql: String, in db: Database) throws -> QueryResult {
        do {
            let statement = try db.makeStatement(sql: sql)
            guard statement.isReadonly else {
                throw StoreError.readOnly(message: "the statement would change the database")
            }
            let columns = statement.columnNames
            var rows: [[QueryResult.Cell]] = []
            let cursor = try Row.fetchCursor(statement)
            while let row = try cursor.next() {
                rows.append(
                    (0..<columns.count).map { i in
                        let value: DatabaseValue = row[i]
                        switch value.storage {
                        case .null: return .null
                        case .int64(let v): return .integer(v)
                        case .double(let v): return .real(v)
                        case .string(let s): return .text(s)
                        case .blob(let d): return .blob(d.count)
                        }
                    })
            }
            return QueryResult(columns: columns, rows: rows)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_READONLY {
                throw StoreError.readOnly(message: error.message ?? "attempt to write a readonly database")
            }
            throw StoreError.sql(message: error.message ?? "\(error)")
        }
    }
}
