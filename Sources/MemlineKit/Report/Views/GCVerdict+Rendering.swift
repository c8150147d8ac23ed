extension GCVerdict {
    /// Verdicts as rows: one per process, figures joined, for csv and json.
    public static func rows(_ verdicts: [GCVerdict]) -> QueryResult {
        let rows = verdicts.map { v -> [QueryResult.Cell] in
            [
                v.host.map(QueryResult.Cell.text) ?? .null, v.pid.map { .integer(Int64($0)) } ?? .null,
                .text(v.kind.rawValue), .integer(Int64(v.samples)), v.from.map { .text($0.iso8601) } ?? .null,
                v.to.map { .text($0.iso8601) } ?? .null, .text(v.evidence),
                .text(v.figures.map { "\($0.name): \($0.value)" }.joined(separator: "; ")), .text(v.advice),
            ]
        }
        return QueryResult(
            columns: ["host", "pid", "verdict", "samples", "from", "to", "evidence", "figures", "advice"], rows: rows)
    }

    /// Verdicts for reading: a block per process (`table`, `markdown`), or rows (`csv`, `json`).
    public static func rendered(_ verdicts: [GCVerdict], as format: OutputFormat) -> String {
        switch format {
        case .csv, .json: return rows(verdicts).rendered(as: format)
        case .table, .markdown:
            let markdown = format == .markdown
            var out = ""
            for v in verdicts {
                let who = [v.host, v.pid.map { "pid \($0)" }].compactMap { $0 }.joined(separator: " ")
                let span = v.from.flatMap { f in v.to.map { "\(f.iso8601) → \($0.iso8601)" } } ?? "times unknown"
                let title = "\(who.isEmpty ? "process" : who): \(v.kind.rawValue)"
                out += markdown ? "### \(title)\n\n" : "\(title)\n"
                out += (markdown ? "" : "  ") + "\(v.samples) GC samples, \(span)\n"
                if markdown { out += "\n" }
                out += (markdown ? "" : "  ") + v.evidence + "\n"
                if markdown { out += "\n" }
                for f in v.figures { out += (markdown ? "- " : "    ") + "\(f.name): \(f.value)\n" }
                if markdown { out += "\n" }
                out += (markdown ? "**What to do:** " : "  what to do: ") + v.advice + "\n\n"
            }
            return out
        }
    }
}
