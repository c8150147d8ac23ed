/// One native heap profile file (jemalloc `heap_v2`, gperftools `heap profile:`) and its totals.
///
/// The parser emits it after the last line, when the totals are known; the stacks and maps
/// emitted before it belong to it.
public struct HeapProfile: Sendable, Equatable {
    /// The header line.
    public var line: Int
    public var label: String
    /// `jemalloc-heap` or `gperftools-heap`.
    public var kind: String
    /// The header's type: `heap_v2`, `heapz_v2`, `heap`, `heapprofile`, `growthz`.
    public var profileType: String?
    /// Why jemalloc dumped it (from the file name): `interval`, `final`, `manual`, `gdump`.
    public var dumpTrigger: String?
    public var pid: Int?
    public var seq: Int?
    public var triggerSeq: Int?
    public var takenAt: Timestamp?
    /// `option`, `file name` or `mtime`.
    public var takenAtSource: String?
    public var host: String?
    /// Mean bytes between samples, as used to unbias counts; nil when nothing is scaled.
    public var samplePeriod: Int?
    public var sampling: HeapSampling
    public var stacks = 0
    public var objects = 0
    public var bytes = 0
    public var objectsUnbiased = 0.0
    public var bytesUnbiased = 0.0
    public var allocObjects: Int?
    public var allocBytes: Int?
    public var threads = 0
    public var maps = 0

    public init(line: Int, label: String, kind: String, sampling: HeapSampling = .none) {
        self.line = line
        self.label = label
        self.kind = kind
        self.sampling = sampling
    }
}
