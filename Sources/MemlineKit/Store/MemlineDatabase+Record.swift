import Foundation
import GRDB

extension MemlineDatabase {
    /// Creates the artifact row of a new recording and returns its id.
    ///
    /// A recording has no file: `path` is the target as typed (`--match puma`), `name` is `record` plus
    /// it, `format` is `record`, and `sha256` is the hash of the start parameters, the host, the recorder's
    /// pid and the start time, so each recording is distinct (and `ingest` never mistakes one for a file).
    public func beginRecording(target: RecordTarget, host: String?, intervalMS: Int, at start: Timestamp) throws
        -> Int64
    {
        var hasher = SHA256()
        let identity =
            "memline record\n\(host ?? "")\n\(target.description)\n\(intervalMS)\n\(start.iso8601)\n\(getpid())"
        hasher.update(Array(identity.utf8))
        let sha = hasher.finalizeHex()
        try requireWritable()
        return try writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO artifacts (path, name, sha256, format, host, tz, ingested_at)
                    VALUES (?, ?, ?, 'record', ?, 'UTC', ?)
                    """,
                arguments: [target.description, "record \(target.description)", sha, host, start.iso8601])
            return db.lastInsertedRowID
        }
    }

    /// Sets this connection up for a long recording: a 2 MiB page cache and a short busy timeout.
    ///
    /// The default 64 MiB cache helps a large ingest, but a recorder that appends a few rows per interval
    /// for days would let it fill as the file grows; 2 MiB holds the pages an append touches (the
    /// table's and its indexes' rightmost leaves and their parents). The busy timeout is how long one
    /// interval's write waits while another process (an ingest) holds the write lock before the
    /// recorder keeps the interval for the next try instead (`RecordingSession`).
    public func configureForRecording(busyTimeoutMS: Int) throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -\(Self.recordingCacheKiB)")
            try db.execute(sql: "PRAGMA busy_timeout = \(max(0, busyTimeoutMS))")
        }
    }

    /// The recorder's page cache, KiB.
    static let recordingCacheKiB = 2048

    /// Stores one interval's samples and events in one short transaction and brings the artifact row up to date.
    ///
    /// Rows are numbered on from `firstLine` (samples first, then events), so each has its own `line`.
    /// - Returns: the next free line number.
    @discardableResult
    public func appendRecording(artifactID: Int64, host: String?, batch: RecordBatch, firstLine: Int) throws -> Int {
        try appendRecording(artifactID: artifactID, host: host, batches: [batch], firstLine: firstLine)
    }

    /// Stores several intervals in one transaction, in order: all of them land, or none.
    ///
    /// The recorder uses it for intervals it had to keep while another process held the write lock.
    /// - Returns: the next free line number.
    @discardableResult
    public func appendRecording(artifactID: Int64, host: String?, batches: [RecordBatch], firstLine: Int) throws
        -> Int
    {
        if batches.allSatisfy({ $0.samples.isEmpty && $0.events.isEmpty }) { return firstLine }
        return try writer.write { db -> Int in
            let sink = ArtifactWriter(db: db, artifactID: artifactID, host: host)
            var line = firstLine
            for batch in batches {
                for sample in batch.samples {
                    try sink.emitRecorded(sample, line: line)
                    line += 1
                }
                for var event in batch.events {
                    event.line = line
                    try sink.emit(.event(event))
                    line += 1
                }
            }
            try sink.finish()
            try db.execute(
                sql: """
                    UPDATE artifacts SET lines = ?, rows = rows + ?, first_ts = coalesce(first_ts, ?),
                      last_ts = CASE WHEN last_ts IS NULL OR last_ts < ? THEN ? ELSE last_ts END
                    WHERE id = ?
                    """,
                arguments: [
                    line - 1, sink.rows, sink.firstTS?.iso8601, sink.lastTS?.iso8601, sink.lastTS?.iso8601, artifactID,
                ])
            return line
        }
    }
}
