import Foundation

/// Why the incident database could not be opened or changed.
public enum StoreError: LocalizedError, Equatable {
    case newerSchema(path: String, unknown: [String])
    case missingDatabase(path: String)
    case readOnly(message: String)
    case sql(message: String)

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
        }
    }
}
