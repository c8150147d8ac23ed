/// The merged timeline in shapes other tools read: CSV, JSON, or Grafana annotations.
public enum TimelineExport {
    public enum Format: String, Sendable, CaseIterable { case csv, json, grafana }

    /// Renders `entries`; Grafana's form is the annotation list its HTTP API and JSON import accept
    /// (`time` in epoch milliseconds, `tags`, `text`).
    public static func render(_ entries: [TimelineEntry], as format: Format) -> String {
        switch format {
        case .csv, .json:
            let result = QueryResult(
                columns: ["ts", "kind", "host", "pid", "message", "file", "line"],
                rows: entries.map {
                    [
                        .text($0.ts), .text($0.kind), $0.host.map { .text($0) } ?? .null,
                        $0.pid.map { .integer(Int64($0)) } ?? .null, .text($0.message), .text($0.file),
                        .integer(Int64($0.line)),
                    ]
                })
            return result.rendered(as: format == .csv ? .csv : .json)
        case .grafana:
            var out = "["
            for (i, e) in entries.enumerated() {
                let ms = Timestamp.parseISO(e.ts)?.milliseconds ?? 0
                var tags = ["memline", e.kind]
                if let host = e.host { tags.append(host) }
                let text = "\(e.kind): \(e.message) (\(e.source))"
                out +=
                    (i == 0 ? "\n  " : ",\n  ") + "{\"time\": \(ms), \"timeEnd\": \(ms), \"tags\": ["
                    + tags.map(QueryResult.jsonString).joined(separator: ", ") + "], \"text\": "
                    + QueryResult.jsonString(text) + "}"
            }
            return out + (entries.isEmpty ? "]\n" : "\n]\n")
        }
    }
}
