extension HeapTrend {
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

    /// The table in `format`; `table` and `markdown` add the notes as a list.
    public func rendered(as format: OutputFormat, limit: Int = 20, wide: Bool = false) -> String {
        var out = table(limit: limit).rendered(as: format, wide: wide)
        if format == .table || format == .markdown, !notes.isEmpty {
            out += "\n" + notes.map { "- \($0)\n" }.joined()
        }
        return out
    }
}
