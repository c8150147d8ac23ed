import ArgumentParser
import Foundation
import MemlineKit

/// `--db`, shared by every command that touches the incident database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The incident database (default: $MEMLINE_DB, or incident.sqlite).")
    var db: String?

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["MEMLINE_DB"], !env.isEmpty { return env }
        return "incident.sqlite"
    }

    /// Opens the database for writing, creating it if needed.
    ///
    /// A folder that does not exist, or a file SQLite cannot open, is a runtime failure naming the path, printed
    /// as `memline: …` like every other error; a file or folder that cannot be written exits 73.
    func open() throws -> MemlineDatabase {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            throw CommandFailure.error(
                "\(path): the folder \(folder) does not exist; create it or give another --db", usage: false)
        }
        return try opening { try MemlineDatabase(path: path) }
    }

    /// Runs `open`, turning a database error into `memline: PATH: …` and exit status 1 (73 when read-only).
    private func opening(_ open: () throws -> MemlineDatabase) throws -> MemlineDatabase {
        do {
            return try open()
        } catch let error as StoreError {
            throw CommandFailure.runtime(error)
        } catch {
            throw CommandFailure.error("\(path): cannot open the database: \(error.localizedDescription)", usage: false)
        }
    }

    /// Opens an existing database, read-only when its file or folder cannot be written; a missing one is a usage
    /// error, not an empty result.
    func openExisting() throws -> MemlineDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(StoreError.missingDatabase(path: path).localizedDescription)
        }
        return try opening { try MemlineDatabase(existing: path) }
    }

    /// Opens an existing database a command will write (`analyze`, `skew apply`…); one that cannot be written
    /// exits 73 before any work.
    func openExistingToWrite() throws -> MemlineDatabase {
        let db = try openExisting()
        if db.isReadOnly { throw CommandFailure.runtime(StoreError.readOnlyDatabase(path: path)) }
        return db
    }
}

/// `--format`, for commands that print rows.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv, json or markdown.")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Table output: show long cells whole instead of cut at 80 characters.")
    var wide = false
}

extension OutputFormat: ExpressibleByArgument {}
