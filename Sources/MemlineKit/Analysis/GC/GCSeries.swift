/// The GC samples and RSS samples of one process, in time order: the input of a `GCVerdict`.
public struct GCSeries: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var ts: Timestamp?
        /// `GC.count`.
        public var count: Int?
        public var liveSlots: Int?
        public var heapPages: Int?
        public var totalAllocated: Int?
        public var mallocIncrease: Int?
        public var oldObjects: Int?

        public init(
            ts: Timestamp?, count: Int?, liveSlots: Int?, heapPages: Int? = nil, totalAllocated: Int? = nil,
            mallocIncrease: Int? = nil, oldObjects: Int? = nil
        ) {
            self.ts = ts
            self.count = count
            self.liveSlots = liveSlots
            self.heapPages = heapPages
            self.totalAllocated = totalAllocated
            self.mallocIncrease = mallocIncrease
            self.oldObjects = oldObjects
        }
    }

    public var host: String?
    public var pid: Int?
    public var points: [Point]
    /// RSS of the same process over the same time, KiB.
    public var rss: [(ts: Timestamp, kb: Double)]

    public init(host: String?, pid: Int?, points: [Point], rss: [(ts: Timestamp, kb: Double)] = []) {
        self.host = host
        self.pid = pid
        self.points = points
        self.rss = rss
    }

    public static func == (a: GCSeries, b: GCSeries) -> Bool {
        a.host == b.host && a.pid == b.pid && a.points == b.points && a.rss.map(\.ts) == b.rss.map(\.ts)
            && a.rss.map(\.kb) == b.rss.map(\.kb)
    }
}
