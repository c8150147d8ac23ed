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
    func open() throws -> MemlineDatabase {
        try MemlineDatabase(path: path)
    }

    /// Opens an existing database; a missing one is a usage error, not an empty result.
    func openExisting() throws -> MemlineDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(StoreError.missingDatabase(path: path).localizedDescription)
        }
        return try MemlineDatabase(path: path)
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
