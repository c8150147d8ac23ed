import Foundation

/// Why a report could not be made.
public enum ReportError: LocalizedError, Equatable {
    case emptyDatabase(path: String)
    case template(name: String, message: String)
    case unwritable(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .emptyDatabase(let path):
            return "\(path) holds no artifacts yet, so there is nothing to report; "
                + "ingest some first (`memline ingest --db \(path) logs/`) or try `memline demo`"
        case .template(let name, let message):
            return "template \(name): \(message)"
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
