import Foundation

/// Why a heap command could not run. Messages say what to do.
public enum HeapError: LocalizedError, Equatable {
    case noSnapshots
    case unknownSnapshot(String, known: [String])
    case ambiguousLabel(String, ids: [Int64])
    case repeatedSnapshot(String)

    public var errorDescription: String? {
        switch self {
        case .noSnapshots:
            return "the database holds no heap snapshots; ingest ObjectSpace.dump_all files first "
                + "(`memline ingest --label before heap-1.json`)"
        case .unknownSnapshot(let name, let known):
            let list = known.isEmpty ? "none" : known.joined(separator: ", ")
            return "no heap snapshot labelled or numbered '\(name)'; known: \(list) (see `memline heap list`)"
        case .ambiguousLabel(let label, let ids):
            let list = ids.map(String.init).joined(separator: ", ")
            return "the label '\(label)' names several snapshots (ids \(list)); "
                + "pass an id instead"
        case .repeatedSnapshot(let name):
            return "snapshot '\(name)' is given twice; BASE, TARGET and each LATER must be different snapshots"
        }
    }

    /// True when the arguments named something wrong (exit 64); false when the database lacks the data (exit 1).
    public var isUsageError: Bool {
        switch self {
        case .noSnapshots: false
        case .unknownSnapshot, .ambiguousLabel, .repeatedSnapshot: true
        }
    }
}
