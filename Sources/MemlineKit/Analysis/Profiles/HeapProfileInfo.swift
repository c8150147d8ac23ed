import GRDB

/// A stored heap profile, as `memline profile list` shows it.
public struct HeapProfileInfo: Sendable, Equatable, FetchableRecord, Decodable {
    public var id: Int64
    public var label: String
    public var kind: String
    public var takenAt: String?
    public var takenAtSource: String?
    public var host: String?
    public var pid: Int?
    public var seq: Int?
    public var dumpTrigger: String?
    public var samplePeriod: Int?
    public var sampling: String
    public var stacks: Int
    public var bytes: Int
    public var bytesUnbiased: Double
    public var objectsUnbiased: Double
    public var file: String

    enum CodingKeys: String, CodingKey {
        case id, label, kind, host, pid, seq, sampling, stacks, bytes, file
        case takenAt = "taken_at"
        case takenAtSource = "taken_at_source"
        case dumpTrigger = "dump_trigger"
        case samplePeriod = "sample_period"
        case bytesUnbiased = "bytes_unbiased"
        case objectsUnbiased = "objects_unbiased"
    }
}
