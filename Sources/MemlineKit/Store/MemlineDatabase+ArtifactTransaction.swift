import Foundation
import GRDB

extension MemlineDatabase {
    /// One artifact's transaction: its row, the records `feed` writes, then the duplicate check by SHA-256 and the
    /// artifact's totals. Any error rolls all of it back: the artifact lands whole or not at all.
    ///
    /// The store knows nothing of how the records were read: the ingest pipeline opens the file, names its format,
    /// runs its parser into the sink given to `feed`, and says what the bytes were.
    /// - Parameters:
    ///   - format: the format's name, as the artifact row records it.
    ///   - feed: writes the artifact's records into the sink; returns how many lines or records it read.
    ///   - digest: the SHA-256 (hex) and the size of the bytes read, asked once every record is written.
    ///   - adjust: runs on the stored rows after the artifact's totals and before folding, in the same transaction
    ///     (`--clock-offset` moves their times there, so rows are folded on the times as stored).
    ///   - size: the input's size on disk, when known: a large one loads under a rollback journal
    ///     (`BulkLoadJournal`).
    /// - Returns: what was stored, or that the same content already was.
    /// - Throws: `IngestError` when the artifact is interrupted, refused by `--strict` or has no readable line.
    func storeArtifact(
        path: String, name: String, format: String, options: IngestOptions,
        feed: (any RowSink) throws -> Int, digest: () -> (sha256: String, bytes: Int64),
        adjust: (Database, _ artifactID: Int64) throws -> Void, size: Int64? = nil
    ) throws -> IngestSummary {
        try requireWritable()
        let now = Timestamp(date: Date())
        let acrossArtifacts = DeferredIndexes.acrossArtifacts
        do {
            return try BulkLoadJournal.during(writer, bytes: size) {
                try writer.write { db -> IngestSummary in
                    let artifactID = try Self.insertArtifact(
                        db, path: path, name: name, format: format, options: options, at: now)
                    // Into an empty table, rows load faster without its indexes; they are built once at the end (of
                    // this file, or of the files ingested with it).
                    let deferred = try DeferredIndexes.drop(db, pending: acrossArtifacts)
                    let folding = try RowFolding.mark(db)
                    let sink = ArtifactWriter(db: db, artifactID: artifactID, host: options.host)
                    let lines = try feed(sink)
                    try sink.finish()
                    // Word-like route parameters (tenants, usernames) the per-line rules kept: one endpoint per route.
                    try EndpointFamilies.collapse(db, artifactID: artifactID, counts: sink.endpointCounts)
                    try deferred.rebuild(db)
                    // A signal during the last rows or the indexes still rolls this file back.
                    if let signal = options.stop?.received { throw IngestError.interrupted(path: name, signal: signal) }

                    let (sha, bytes) = digest()
                    let outcome = try Self.replaceDuplicate(
                        db, sha256: sha, artifactID: artifactID, lines: lines, force: options.force)
                    if options.strict && sink.skipped > 0 {
                        throw IngestError.strict(path: name, skipped: sink.skipped)
                    }
                    if sink.rows == 0 && sink.skipped > 0 {
                        throw IngestError.nothingRecognised(
                            path: name, lines: lines, format: format, firstSkip: sink.firstSkip)
                    }
                    try Self.completeArtifact(
                        db, artifactID: artifactID, sha256: sha, bytes: bytes, lines: lines, sink: sink)
                    try adjust(db, artifactID)
                    // On the times as stored (after `adjust`): rows another artifact already holds.
                    let folded = try folding.fold(db, artifactID: artifactID)
                    let rowCounts = try Self.recount(
                        db, artifactID: artifactID, written: sink.rowCounts, folded: folded, folding: folding)
                    var summary = IngestSummary(
                        path: path, name: name, format: format, artifactID: artifactID, sha256: sha, lines: lines,
                        rowCounts: rowCounts, skipped: sink.skipped,
                        firstTS: sink.firstTS, lastTS: sink.lastTS, outcome: outcome)
                    summary.folded = folded
                    return summary
                }
            }
        } catch let duplicate as AlreadyIngested {
            return IngestSummary(
                path: path, name: name, format: format, artifactID: duplicate.artifactID, sha256: duplicate.sha256,
                lines: duplicate.lines, rowCounts: [:], skipped: 0, firstTS: nil, lastTS: nil,
                outcome: .alreadyIngested(artifactID: duplicate.artifactID))
        }
    }

    /// The artifact's row, before its rows: they refer to its id. Its totals are filled in by `completeArtifact`.
    private static func insertArtifact(
        _ db: Database, path: String, name: String, format: String, options: IngestOptions, at now: Timestamp
    ) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO artifacts (path, name, format, host, tz, ingested_at) VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [path, name, format, options.host, options.zone.description, now.iso8601])
        return db.lastInsertedRowID
    }

    /// When an artifact with the same SHA-256 is stored: throws `AlreadyIngested` to roll this one back, or with
    /// `force` deletes the older one and says so.
    private static func replaceDuplicate(
        _ db: Database, sha256 sha: String, artifactID: Int64, lines: Int, force: Bool
    ) throws -> IngestSummary.Outcome {
        guard let existing = try Int64.fetchOne(db, sql: "SELECT id FROM artifacts WHERE sha256 = ?", arguments: [sha])
        else { return .stored }
        guard force else { throw AlreadyIngested(artifactID: existing, sha256: sha, lines: lines) }
        // Rows other artifacts folded into the one replaced are held by its replacement.
        try db.execute(
            sql: """
                UPDATE folded_rows SET held_artifact_id = ?, held_row_id = NULL WHERE held_artifact_id = ?
                """, arguments: [artifactID, existing])
        try db.execute(sql: "DELETE FROM artifacts WHERE id = ?", arguments: [existing])
        return .replaced(artifactID: existing)
    }

    /// The artifact row's totals, from what the writer counted.
    private static func completeArtifact(
        _ db: Database, artifactID: Int64, sha256 sha: String, bytes: Int64, lines: Int, sink: ArtifactWriter
    ) throws {
        try db.execute(
            sql: """
                UPDATE artifacts
                SET sha256 = ?, bytes = ?, lines = ?, rows = ?, skipped = ?, first_ts = ?, last_ts = ?,
                    request_ids = ?
                WHERE id = ?
                """,
            arguments: [
                sha, bytes, lines, sink.rows, sink.skipped, sink.firstTS?.iso8601, sink.lastTS?.iso8601,
                sink.requestIDs, artifactID,
            ])
    }

    /// The rows per table once the folded ones are gone; the artifact row's totals are corrected to match.
    private static func recount(
        _ db: Database, artifactID: Int64, written: [String: Int], folded: [IngestSummary.Fold], folding: RowFolding
    ) throws -> [String: Int] {
        guard !folded.isEmpty else { return written }
        var rowCounts = written
        for fold in folded { rowCounts.merge(fold.rowCounts.mapValues { -$0 }, uniquingKeysWith: +) }
        try db.execute(
            sql: """
                UPDATE artifacts SET rows = ?, request_ids = ?,
                  folded = (SELECT count(*) FROM folded_rows WHERE artifact_id = ?)
                WHERE id = ?
                """,
            arguments: [rowCounts.values.reduce(0, +), try folding.storedRequestIDs(db), artifactID, artifactID])
        return rowCounts
    }
}

/// Thrown inside the ingest transaction to roll it back when the content is already stored.
struct AlreadyIngested: Error {
    let artifactID: Int64
    let sha256: String
    let lines: Int
}
