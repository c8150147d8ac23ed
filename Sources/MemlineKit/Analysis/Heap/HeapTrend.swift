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

    /// The first `limit` rows as a table: key, a count column per snapshot, growth, shape, last memsize.
    public func table(limit: Int) -> QueryResult {
        var seen: [String: Int] = [:]
        let labels = snapshots.map { s -> String in
            seen[s.label, default: 0] += 1
            return seen[s.label] == 1 ? s.label : "\(s.label) (\(s.id))"
        }
        let columns = [grouping.rawValue] + labels + ["growth", "shape", "memsize_last"]
        let rows = rows.prefix(limit).map { r -> [QueryResult.Cell] in
            [.text(r.key)] + r.counts.map { .integer(Int64($0)) }
                + [.integer(Int64(r.growth)), .text(r.shape), .integer(Int64(r.memsizes.last ?? 0))]
        }
        return QueryResult(columns: columns, rows: rows)
    }

    public func rendered(as format: OutputFormat, limit: Int = 20, wide: Bool = false) -> String {
        var out = table(limit: limit).rendered(as: format, wide: wide)
        if format == .table || format == .markdown, !notes.isEmpty {
            out += "\n" + notes.map { "- \($0)\n" }.joined()
        }
        return out
    }
}
