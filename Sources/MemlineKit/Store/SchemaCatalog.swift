import Foundation
import GRDB

/// The tables, views and columns of the incident database, with one line of meaning each.
///
/// Meanings come from the `--` comments in `Migrations/*.sql` (the comment lines just above a
/// `CREATE`, and the comment at the end of a column's line), so the schema documents itself.
public struct SchemaCatalog: Sendable {
    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: String
        public var meaning: String
    }

    public struct Relation: Sendable, Equatable {
        public var name: String
        public var isView: Bool
        public var meaning: String
        public var columns: [Column]
    }

    public var relations: [Relation]

    /// Meanings of columns that recur in many tables, used where the migration has no comment.
    static let commonMeanings: [String: String] = [
        "id": "row id", "artifact_id": "the artifact (file) this row came from: artifacts.id",
        "line": "1-based line number in that artifact", "ts": "time, UTC ISO-8601 with milliseconds",
        "ts_start": "start time, UTC ISO-8601", "ts_end": "end time, UTC ISO-8601",
        "duration_ms": "duration in milliseconds", "host": "host, dyno or node", "pid": "process id",
        "process": "process name", "file": "artifact file name", "line_end": "last line of the multi-line record",
        "rss_kb": "resident set size, KiB", "rss_mb": "resident set size, MiB",
        "endpoint":
            "path with ids replaced (/reports/:id)", "path": "request path without query", "method": "HTTP method",
        "status": "status", "request_id": "request id from the log", "kind": "kind of event", "message": "text",
        "class": "class name", "queue": "queue name", "jid": "job id", "tid": "thread id",
    ]

    /// Reads the live schema of `database`, annotated from the embedded migrations.
    public static func load(from database: MemlineDatabase) throws -> SchemaCatalog {
        let notes = parseComments(SchemaMigrations.all.map { String(decoding: $0.sql, as: UTF8.self) })
        return try database.read { db in
            let masters = try Row.fetchAll(
                db,
                sql: """
                    SELECT name, type FROM sqlite_master WHERE type IN ('table','view')
                      AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY type, rowid
                    """)
            var relations: [Relation] = []
            for master in masters {
                let name: String = master["name"]
                let columns = try Row.fetchAll(
                    db, sql: "SELECT name, type FROM pragma_table_info(?)", arguments: [name]
                )
                .map { row -> Column in
                    let column: String = row["name"]
                    let meaning = notes.columns["\(name).\(column)"] ?? commonMeanings[column] ?? ""
                    return Column(name: column, type: row["type"] ?? "", meaning: meaning)
                }
                relations.append(
                    Relation(
                        name: name, isView: (master["type"] as String) == "view",
                        meaning: notes.relations[name] ?? "", columns: columns))
            }
            return SchemaCatalog(relations: relations)
        }
    }

    /// Extracts `-- comments` from migration SQL: above each CREATE, and after each column.
    static func parseComments(_ scripts: [String]) -> (relations: [String: String], columns: [String: String]) {
        var relations: [String: String] = [:]
        var columns: [String: String] = [:]
        for script in scripts {
            var pending: [String] = []
            var current: String?
            var inView = false
            for raw in script.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("--") {
                    pending.append(line.dropFirst(2).trimmingCharacters(in: .whitespaces))
                    continue
                }
                let upper = line.uppercased()
                if upper.hasPrefix("CREATE TABLE") || upper.hasPrefix("CREATE VIEW") {
                    let words = line.split(whereSeparator: { $0 == " " || $0 == "(" })
                    let skip = upper.contains("IF NOT EXISTS") ? 5 : 2
                    if words.count > skip {
                        let name = String(words[skip])
                        current = name
                        inView = upper.hasPrefix("CREATE VIEW")
                        if !pending.isEmpty { relations[name] = pending.joined(separator: " ") }
                    }
                    pending = []
                    continue
                }
                if upper.hasPrefix("ALTER TABLE") {
                    // `ALTER TABLE t ADD COLUMN c TYPE -- meaning` (later migrations adding columns).
                    let words = line.split(separator: " ", omittingEmptySubsequences: true)
                    if words.count > 5, words[3].uppercased() == "ADD", words[4].uppercased() == "COLUMN",
                        let dash = line.range(of: "--")
                    {
                        let meaning = line[dash.upperBound...].trimmingCharacters(in: .whitespaces)
                        columns["\(words[2]).\(words[5])"] = meaning
                    }
                    pending = []
                    continue
                }
                if line.isEmpty { pending = [] }
                if line.hasPrefix(")") || (inView && upper.hasPrefix("FROM")) { current = nil }
                if let relation = current, let dash = line.range(of: "--") {
                    let column =
                        inView
                        ? viewColumn(line[..<dash.lowerBound]) : String(line.prefix { !$0.isWhitespace })
                    columns["\(relation).\(column)"] = line[dash.upperBound...].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return (relations, columns)
    }

    /// The name a view's select-list entry gets: `o.address,` → `address`, `count(*) AS objects` → `objects`.
    static func viewColumn(_ entry: Substring) -> String {
        var text = entry.trimmingCharacters(in: .whitespaces)
        if text.uppercased().hasPrefix("SELECT ") { text = String(text.dropFirst(7)) }
        if text.hasSuffix(",") { text.removeLast() }
        text = text.trimmingCharacters(in: .whitespaces)
        if let alias = text.range(of: " AS ", options: [.caseInsensitive, .backwards]) {
            return text[alias.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        return String(text.split(separator: ".").last ?? Substring(text))
    }
}
