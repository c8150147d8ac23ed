import Foundation
import GRDB

extension MemlineDatabase {
    /// Records an event typed by a person (`memline annotate`): a deploy, restart, rollback or note.
    ///
    /// Each annotation is an artifact of its own (format `annotation`, line 1), so it is traced
    /// like any other row.
    /// - Returns: the new event's artifact id.
    @discardableResult
    public func annotate(at ts: Timestamp, kind: String, message: String, host: String? = nil) throws -> Int64 {
        let now = Timestamp(date: Date())
        var hasher = SHA256()
        hasher.update(Array("annotation\n\(ts.iso8601)\n\(kind)\n\(host ?? "")\n\(message)\n".utf8))
        let sha = hasher.finalizeHex()
        return try write { db in
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM artifacts WHERE sha256 = ?", arguments: [sha])
            {
                return existing
            }
            try db.execute(
                sql: """
                    INSERT INTO artifacts (path, name, sha256, format, host, bytes, lines, rows, first_ts, last_ts, ingested_at)
                    VALUES ('memline annotate', 'annotation', ?, 'annotation', ?, ?, 1, 1, ?, ?, ?)
                    """,
                arguments: [sha, host, message.utf8.count, ts.iso8601, ts.iso8601, now.iso8601])
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO events (artifact_id, line, ts, host, kind, message) VALUES (?, 1, ?, ?, ?, ?)",
                arguments: [id, ts.iso8601, host, kind, message])
            return id
        }
    }
}
