/// How each group (site, class, type or gem) grew across several snapshots: a trend, not only A − B.
public struct HeapTrend: Sendable {
    public struct Row: Sendable, Equatable {
        public var key: String
        /// Live objects of the group in each snapshot.
        public var counts: [Int]
        /// Their memsize in each snapshot, bytes.
        public var memsizes: [Int]

        public var growth: Int { (counts.last ?? 0) - (counts.first ?? 0) }

        /// `rising` when the count grew at every step, `growing` when it ended higher, then `flat`,
        /// `shrinking`, `up and down`.
        public var shape: String {
            let steps = zip(counts.dropFirst(), counts).map { $0 - $1 }
            if !steps.isEmpty, steps.allSatisfy({ $0 > 0 }) { return "rising" }
            if steps.allSatisfy({ $0 == 0 }) { return "flat" }
            if steps.allSatisfy({ $0 >= 0 }) { return "growing" }
            if steps.allSatisfy({ $0 <= 0 }) { return "shrinking" }
            return growth > 0 ? "up and down, up overall" : "up and down"
        }
    }

    public var grouping: HeapGrouping
    public var snapshots: [HeapSnapshotInfo]
    /// Every group, most growth first.
    public var rows: [Row]
    public var notes: [String]
}
