/// A heap profile's functions and stacks (`memline profile top`), or the growth between two (`profile diff`).
///
/// Amounts are unbiased bytes and objects (see `HeapSampling`); in a diff they are TARGET minus BASE and
/// may be negative. `functions` is in jeprof's `--text` order: flat descending, then cumulative, then name.
public struct ProfileReport: Sendable, Equatable {
    public struct FunctionRow: Sendable, Equatable {
        public var name: String
        public var flatBytes: Double
        public var flatObjects: Double
        public var cumulativeBytes: Double
        public var cumulativeObjects: Double
        /// In a diff: the function's flat and cumulative bytes in BASE and TARGET.
        public var baseFlatBytes: Double?
        public var targetFlatBytes: Double?
    }

    public struct StackRow: Sendable, Equatable {
        /// Function names, the allocating one first, joined by ` < `.
        public var key: String
        public var bytes: Double
        public var objects: Double
    }

    public var base: HeapProfileInfo?
    public var target: HeapProfileInfo
    public var totalBytes: Double
    public var totalObjects: Double
    public var functions: [FunctionRow]
    public var stacks: [StackRow]
    /// Frames named by a symbolizer, of all frames (of both profiles in a diff).
    public var namedFrames: Int
    public var frames: Int
}
