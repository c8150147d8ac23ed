/// What one artifact's ingest did.
public struct IngestSummary: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case stored
        /// The same content (sha256) was already ingested as this artifact id: nothing changed.
        case alreadyIngested(artifactID: Int64)
        /// `--force` replaced the artifact with this id.
        case replaced(artifactID: Int64)
    }

    public var path: String
    public var name: String
    public var format: String
    public var artifactID: Int64?
    public var sha256: String
    public var lines: Int
    public var rowCounts: [String: Int]
    public var skipped: Int
    public var firstTS: Timestamp?
    public var lastTS: Timestamp?
    public var outcome: Outcome
    /// Problems that did not stop the file: `name:line: warning: …` (lines read, but no rows came out of them).
    public var warnings: [String] = []
    /// Rows read but not stored because another artifact already holds them (the same stream exported twice), by
    /// the artifact that holds them; they are not in `rowCounts`.
    public var folded: [Fold] = []

    /// Rows of this artifact already held by another one.
    public struct Fold: Sendable, Equatable {
        /// The name of the artifact that holds them.
        public var heldBy: String
        public var artifactID: Int64
        /// Rows folded (a per-request RSS row that is also a sample is one row).
        public var rows: Int
        /// Folded rows by kind, as `rowCounts` counts them.
        public var rowCounts: [String: Int]
    }

    public var rows: Int { rowCounts.values.reduce(0, +) }

    /// `production.log: 9,886 lines, 3,295 requests, 2 skipped (see: memline query "…")`
    public var oneLine: String {
        switch outcome {
        case .alreadyIngested(let id):
            return "\(name): already ingested as artifact \(id) (same sha256); nothing changed (--force replaces it)"
        case .stored, .replaced:
            var parts = ["\(IngestSummary.grouped(lines)) lines"]
            for (table, count) in rowCounts.sorted(by: { $0.key < $1.key }) where count > 0 {
                parts.append("\(IngestSummary.grouped(count)) \(IngestSummary.noun(table, count))")
            }
            if rows == 0 { parts.append("no rows") }
            var text = "\(name): " + parts.joined(separator: ", ")
            if skipped > 0, let id = artifactID {
                text +=
                    ", \(IngestSummary.grouped(skipped)) skipped (see: memline query "
                    + "\"select * from ingest_errors where artifact_id = \(id)\")"
            } else {
                text += ", 0 skipped"
            }
            if !folded.isEmpty { text += "; " + foldedText }
            if case .replaced(let old) = outcome { text += "; replaced artifact \(old)" }
            return text
        }
    }

    /// `folded 57 rows already stored from heroku.log (5 requests, 40 events, 12 RSS samples)`
    var foldedText: String {
        let parts = folded.enumerated().map { index, fold in
            let kinds = fold.rowCounts.sorted(by: { $0.key < $1.key }).map {
                "\(IngestSummary.grouped($0.value)) \(IngestSummary.noun($0.key, $0.value))"
            }
            let rows = IngestSummary.grouped(fold.rows) + (index == 0 ? (fold.rows == 1 ? " row" : " rows") : "")
            return "\(rows) already stored from \(fold.heldBy) (\(kinds.joined(separator: ", ")))"
        }
        return "folded " + parts.joined(separator: "; ")
    }

    static func noun(_ table: String, _ count: Int) -> String {
        let singular: [String: String] = [
            "rss_samples": "RSS sample", "request_memory": "per-request RSS row", "requests": "request",
            "jobs": "job", "events": "event",
            "heap_snapshots": "heap snapshot", "heap_objects": "heap object", "heap_refs": "reference",
            "heap_roots": "root reference", "gc_samples": "GC sample",
        ]
        guard let word = singular[table] else { return table }
        return count == 1 ? word : word + "s"
    }

    /// 9886 → "9,886" (`formatCount`, for callers outside the library).
    public static func grouped(_ n: Int) -> String { formatCount(n) }
}
