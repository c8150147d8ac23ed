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

    enum CodingKeys: String, CodingKey {
        case id, label, host, pid, objects, memsize, refs, roots, traced, file
        case takenAt = "taken_at"
        case takenAtSource = "taken_at_source"
        case maxGeneration = "max_generation"
    }
}
