import Foundation

/// Why the incident database could not be opened or changed.
public enum StoreError: LocalizedError, Equatable {
    case newerSchema(path: String, unknown: [String])
    case missingDatabase(path: String)
    case readOnly(message: String)
    case sql(message: String)
    /// The command writes (ingest, analyze, annotate…) and the database, or its folder, cannot be written.
    case readOnlyDatabase(path: String)
    /// The command needs the analysis, which is not stored, and the database cannot be written to store it.
    case readOnlyNotAnalysed(path: String)
    /// The database cannot be written and holds migrations older than this build's.
    case readOnlyOlderSchema(path: String)
    /// The database cannot be written and its write-ahead log cannot be read without a `-shm` file beside it.
    case unreadableLog(path: String)

    public var errorDescription: String? {
        switch self {
        case .newerSchema(let path, let unknown):
            return "\(path) was written by a newer memline (unknown schema migrations: "
                + "\(unknown.joined(separator: ", "))); upgrade memline to read it"
        case .missingDatabase(let path):
            return "\(path): no such incident database; create it with `memline ingest --db \(path) FILE…`"
        case .readOnly(let message):
            return "query refused: the query connection is read-only (\(message)); "
                + "use `memline ingest`/`annotate` to change the database"
        case .sql(let message):
            return "SQL error: \(message)"
        case .readOnlyDatabase(let path):
            return "\(path): the database is read-only (the file or its folder cannot be written); "
                + "run this where it can be written, or copy it to a writable folder"
        case .readOnlyNotAnalysed(let path):
            return "\(path): the database is read-only and not analysed yet; "
                + "run `memline analyze` where it can be written, or copy it"
        case .readOnlyOlderSchema(let path):
            return "\(path): the database is read-only and was written by an older memline, which this one would "
                + "upgrade; copy it to a writable folder"
        case .unreadableLog(let path):
            return "\(path): the database is read-only and its write-ahead log (\(path)-wal) cannot be read "
                + "without writing \(path)-shm; copy the database with its -wal file to a writable folder"
        }
    }

    /// True when the failure is that the database cannot be written: the command would work on a writable copy.
    public var isReadOnlyDatabase: Bool {
        switch self {
        case .readOnlyDatabase, .readOnlyNotAnalysed, .readOnlyOlderSchema, .unreadableLog: return true
        case .newerSchema, .missingDatabase, .readOnly, .sql: return false
        }
    }
}
