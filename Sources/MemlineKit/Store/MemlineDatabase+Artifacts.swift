import GRDB

extension MemlineDatabase {
    /// The ingested files with their sha256, format, counts (rows folded: already held by another file), time span and
    /// applied clock offset, oldest first.
    public func artifactList() throws -> QueryResult {
        try query(
            sql: """
                SELECT id, name AS file, format, rows, skipped, folded, lines, first_ts, last_ts, tz, substr(sha256, 1, 12) AS sha256,
                       clock_offset_ms
                FROM artifacts ORDER BY id
                """)
    }
}
