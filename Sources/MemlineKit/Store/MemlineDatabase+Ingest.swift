import Foundation
import GRDB

extension MemlineDatabase {
    /// Ingests one file (plain or gzip) or `-` for standard input, in one transaction.
    ///
    /// The file lands whole or not at all: any thrown error leaves the database as it was.
    /// - Returns: what was stored, or that the same content was already there.
    /// - Throws: `IngestError` for unreadable, binary, empty, truncated or unrecognised input.
    public func ingest(path: String, options: IngestOptions = IngestOptions()) throws -> IngestSummary {
        let raw: any ByteSource
        var modified: Timestamp?
        var size: Int64?
        if path == "-" {
            raw = FileDescriptorSource(standardInput: ())
        } else {
            raw = try FileDescriptorSource(path: path)
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path) {
                modified = (attributes[.modificationDate] as? Date).map(Timestamp.init(date:))
                size = (attributes[.size] as? NSNumber)?.int64Value
            }
        }
        let name = path == "-" ? "stdin" : (path as NSString).lastPathComponent
        return try ingest(source: raw, path: path, name: name, modified: modified, size: size, options: options)
    }

    /// Ingests bytes from any source; `path` and `name` are what the artifact row records.
    public func ingest(
        source raw: any ByteSource, path: String, name: String, modified: Timestamp? = nil, size: Int64? = nil,
        options: IngestOptions = IngestOptions()
    ) throws -> IngestSummary {
        let hashing = HashingSource(raw)
        guard let inflated = try PrefixedSource.decompressing(hashing, name: name) else {
            throw IngestError.empty(path: name)
        }
        var context = ParseContext(
            sourceName: name, host: options.host, zone: options.zone, modified: modified, at: options.at,
            label: options.label)
        context.keepMessages = options.keepMessages
        // Decompression and hashing run on a second thread, a few megabytes ahead of the parser.
        let readAhead = ReadAheadSource(inflated)
        // A signal stops the reading at the next chunk; the error rolls the file's transaction back.
        let ahead: any ByteSource =
            options.stop.map { InterruptibleSource(readAhead, stop: $0, name: name) } ?? readAhead

        // Binary formats are framed, not lined: sniff the first bytes before reading any line.
        var prefix = [UInt8](repeating: 0, count: 1 << 16)
        var got = 0
        while got < prefix.count {
            let n = try prefix.withUnsafeMutableBytes {
                try ahead.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[got...]))
            }
            if n == 0 { break }
            got += n
        }
        prefix.removeSubrange(got...)
        let source = PrefixedSource(prefix: prefix, base: ahead)
        let wanted = options.format.flatMap { $0 == "auto" ? nil : $0 }
        if let binary = ArtifactProbe.binaryFormat(prefix: prefix[...], wanted: wanted) {
            return try store(path: path, name: name, format: binary.name, hashing: hashing, options: options) {
                sink in
                try binary.read(context, source, sink)
            }
        }

        let reader = LineReader(source: source)
        // Sniff: the first lines decide the format and reveal binary input.
        var head: [Line] = []
        while head.count < ArtifactProbe.headLines, let line = try reader.next() { head.append(line) }
        let format = try ArtifactProbe.lineFormat(head: head, name: name, wanted: wanted)
        var parser = format.makeParser(context)
        var summary = try store(path: path, name: name, format: format.name, hashing: hashing, options: options) {
            sink in
            var lines = 0
            for line in head {
                try parser.parse(line, into: sink)
                lines = line.number
            }
            try reader.forEachLine { bytes, number in
                try parser.parse(bytes: bytes, number: number, into: sink)
                lines = number
                if lines & 0xFFFF == 0, let progress = options.progress {
                    progress(IngestProgress(name: name, lines: lines, bytesRead: hashing.byteCount, totalBytes: size))
                }
            }
            try parser.finish(into: sink)
            for cut in reader.cutLines {
                try sink.skip(
                    line: cut, reason: "line longer than \(reader.maxLineBytes) bytes; skipped whole", text: "")
            }
            return lines
        }
        // Lines but not one row and not one skip: say so, with a line to look at, instead of a quiet "no rows".
        let landed: Bool = if case .alreadyIngested = summary.outcome { false } else { true }
        if landed, summary.rows == 0, summary.skipped == 0, summary.folded.isEmpty,
            let sample = head.first(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty })
        {
            summary.warnings.append(
                "\(name):\(sample.number): warning: \(IngestSummary.grouped(summary.lines)) lines read as "
                    + "\(format.name) but no rows came out of them; a sample line: \"\(sample.text.prefix(160))\"")
        }
        return summary
    }

    /// One artifact's transaction: its row, the rows `feed` writes (it returns how many lines or records it read),
    /// then the duplicate check by SHA-256 and the artifact's totals. Any error rolls all of it back.
    private func store(
        path: String, name: String, format: String, hashing: HashingSource, options: IngestOptions,
        feed: (ArtifactWriter) throws -> Int
    ) throws -> IngestSummary {
        try requireWritable()
        let now = Timestamp(date: Date())
        do {
            return try writer.write { db -> IngestSummary in
                let artifactID = try Self.insertArtifact(
                    db, path: path, name: name, format: format, options: options, at: now)
                // Into an empty table, rows load faster without its indexes; they are built once at the end.
                let deferred = try DeferredIndexes.drop(db)
                let folding = try RowFolding.mark(db)
                let sink = ArtifactWriter(db: db, artifactID: artifactID, host: options.host)
                let lines = try feed(sink)
                try sink.finish()
                try deferred.rebuild(db)
                // A signal during the last rows or the indexes still rolls this file back.
                if let signal = options.stop?.received { throw IngestError.interrupted(path: name, signal: signal) }

                let sha = hashing.finalizeHex()
                let outcome = try Self.replaceDuplicate(
                    db, sha256: sha, artifactID: artifactID, lines: lines, force: options.force)
                if options.strict && sink.skipped > 0 { throw IngestError.strict(path: name, skipped: sink.skipped) }
                if sink.rows == 0 && sink.skipped > 0 {
                    throw IngestError.nothingRecognised(
                        path: name, lines: lines, format: format, firstSkip: sink.firstSkip)
                }
                try Self.completeArtifact(
                    db, artifactID: artifactID, sha256: sha, bytes: hashing.byteCount, lines: lines, sink: sink)
                let offsetMS = options.clockOffset?.milliseconds ?? 0
                if let offset = options.clockOffset {
                    try ClockShift.shift(db, artifactID: artifactID, by: offset, source: "ingest")
                }
                // On the times as stored (after --clock-offset): rows another artifact already holds.
                let folded = try folding.fold(db, artifactID: artifactID)
                let rowCounts = try Self.recount(
                    db, artifactID: artifactID, written: sink.rowCounts, folded: folded, folding: folding)
                var summary = IngestSummary(
                    path: path, name: name, format: format, artifactID: artifactID, sha256: sha, lines: lines,
                    rowCounts: rowCounts, skipped: sink.skipped,
                    firstTS: sink.firstTS?.adding(milliseconds: offsetMS),
                    lastTS: sink.lastTS?.adding(milliseconds: offsetMS), outcome: outcome)
                summary.folded = folded
                return summary
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
