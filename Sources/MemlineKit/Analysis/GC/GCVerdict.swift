/// What the GC samples of one process say about its memory, with the figures that support it.
///
/// The distinction: live slots rising with RSS is Ruby heap growth (objects retained: look
/// at the heap diff); RSS rising while live slots stay flat is malloc growth or fragmentation
/// (jemalloc, `MALLOC_ARENA_MAX=2`); and `GC.disable` (in an `after_fork` hook): GC never runs while memory grows.
public struct GCVerdict: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case gcNeverRuns = "GC never runs"
        case rubyHeapGrowth = "Ruby heap growth"
        case mallocGrowth = "malloc growth / fragmentation"
        case stable = "stable"
        case notEnoughData = "not enough samples"
    }

    /// One supporting figure: `live slots` → `89,709 → 2,402,703 (+2,578%)`.
    public struct Figure: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public var host: String?
    public var pid: Int?
    public var kind: Kind
    public var samples: Int
    public var from: Timestamp?
    public var to: Timestamp?
    /// The evidence in one or two sentences.
    public var evidence: String
    /// What to do next.
    public var advice: String
    public var figures: [Figure]
}
