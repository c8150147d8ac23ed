/// The growth per function over a series of heap profiles of one process (`memline profile trend`).
///
/// The series is every profile of the process in jemalloc's dump order (the `<seq>` of
/// `jeprof.<pid>.<seq>.i<n>.heap`, else the time taken). Amounts are unbiased in-use bytes, reduced to
/// functions exactly as `profile top`/`profile diff` do (`ProfileAggregate`), so a function's growth from the
/// first dump to the last equals `profile diff FIRST LAST`'s.
public struct ProfileTrend: Sendable, Equatable {
    /// One dump of the series.
    public struct Point: Sendable, Equatable {
        public var id: Int64
        public var label: String
        public var seq: Int?
        public var takenAt: Timestamp?
        /// Unbiased in-use bytes of the whole profile.
        public var totalBytes: Double
    }

    /// One function across the series.
    public struct FunctionRow: Sendable, Equatable {
        public var name: String
        /// Unbiased in-use bytes at each dump (0 where the function held nothing), in series order.
        public var bytes: [Double]
        /// Growth per hour between the first and last dump; nil when their times are unknown or equal.
        public var ratePerHour: Double?
        public var measures: ProfileTrendShape.Measures

        public var firstBytes: Double { bytes.first ?? 0 }
        public var lastBytes: Double { bytes.last ?? 0 }
        public var growthBytes: Double { measures.growth }
        /// Growth per step from one dump to the next.
        public var ratePerDump: Double { bytes.count > 1 ? measures.growth / Double(bytes.count - 1) : 0 }
        public var shape: ProfileTrendShape { measures.shape }
    }

    /// The process (`heap_profiles.pid`); nil for profiles whose names carry none.
    public var pid: Int?
    /// `flat` (the function that allocated) or `cumulative` (any function on the stack).
    public var grouping: String
    public var points: [Point]
    /// Hours from the first dump to the last, when every dump's time is known and they differ.
    public var hours: Double?
    /// Most growth first.
    public var functions: [FunctionRow]
    /// Frames named by a symbolizer, of all frames of the series.
    public var namedFrames: Int
    public var frames: Int
}
