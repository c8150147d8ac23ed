import GRDB

/// A stored heap snapshot as `memline heap list` shows it.
public struct HeapSnapshotInfo: Sendable, Equatable, FetchableRecord, Decodable {
    public var id: Int64
    public var label: String
    public var takenAt: String?
    public var takenAtSource: String?
    public var host: String?
    public var pid: Int?
    public var objects: Int
    public var memsize: Int
    public var refs: Int
    public var roots: Int
    public var traced: Int
    public var maxGeneration: Int?
    public var file: String
    /// The line where the dump was cut mid-object (a partial snapshot); nil when it is whole.
    public var partialLine: Int?

    /// Says that the snapshot is partial, for notes in diffs, trends and the report; nil when it is whole.
    public var partialNote: String? {
        partialLine.map {
            "\(label) is a partial snapshot: its dump \(file) was cut mid-object at line \($0), so objects after it are "
                + "missing and its counts are a lower bound"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, label, host, pid, objects, memsize, refs, roots, traced, file
        case takenAt = "taken_at"
        case takenAtSource = "taken_at_source"
        case maxGeneration = "max_generation"
        case partialLine = "partial_line"
    }
}
