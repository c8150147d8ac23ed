import Foundation
import GRDB

extension MemlineDatabase {
    /// The rows behind `memline skew` and the report's Clocks table: detected skews, then applied offsets.
    static let clockSQL = """
        SELECT 'detected' AS state, k.name AS artifact, r.name AS reference, s.method, s.offset_ms,
               s.spread_ms, s.pairs, s.confidence,
               CASE WHEN k.clock_offset_ms = s.prior_offset_ms THEN 'no' ELSE 'yes' END AS applied, s.reason
        FROM clock_skews s
        JOIN artifacts r ON r.id = s.reference_artifact_id
        JOIN artifacts k ON k.id = s.skewed_artifact_id
        UNION ALL
        SELECT 'applied', a.name, NULL, coalesce(a.clock_offset_source, 'manual'), a.clock_offset_ms, NULL, NULL,
               NULL, 'yes', 'every stored time of the artifact was moved by this offset'
        FROM artifacts a WHERE a.clock_offset_ms != 0
        """

    /// Detected skews and applied offsets as printable rows (`memline skew`).
    public func clockSkewList() throws -> QueryResult {
        try query(sql: Self.clockSQL)
    }

    /// Detected skews and applied offsets (for the report).
    public func clocks() throws -> [ClockRecord] {
        try read { db in try ClockRecord.fetchAll(db, sql: Self.clockSQL) }
    }

    /// Adds `offset` to every stored time of one artifact (`memline skew apply`), in one transaction.
    /// - Parameter artifact: the artifact's id, path or name as `memline artifacts` lists it.
    /// - Returns: the artifact's name and the rows whose times moved.
    /// - Throws: `SkewError` when the artifact is unknown or ambiguous.
    public func applyClockOffset(artifact: String, offset: ClockOffset, source: String = "manual") throws
        -> (name: String, rows: Int)
    {
        try write { db in
            let (id, name) = try Self.resolveArtifact(db, artifact)
            return (name, try ClockShift.shift(db, artifactID: id, by: offset, source: source))
        }
    }

    /// Applies each confident skew of the last analysis not applied yet (`memline skew --auto`): one per artifact,
    /// request ids first, then the most pairs.
    /// - Returns: what was applied: artifact name, offset, method.
    /// - Throws: `SkewError.staleAnalysis` when files were ingested or offsets applied since the analysis.
    public func applyDetectedSkews() throws -> [(name: String, offset: ClockOffset, method: String)] {
        guard try !analysisIsStale() else { throw SkewError.staleAnalysis }
        return try write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.skewed_artifact_id, a.name, s.offset_ms, s.method FROM clock_skews s
                    JOIN artifacts a ON a.id = s.skewed_artifact_id
                    WHERE s.confidence = 'confident' AND a.clock_offset_ms = s.prior_offset_ms
                    ORDER BY s.skewed_artifact_id, s.method = 'request_id' DESC, s.pairs DESC, s.id
                    """)
            var done: Set<Int64> = []
            var applied: [(name: String, offset: ClockOffset, method: String)] = []
            for row in rows {
                let id: Int64 = row[0]
                guard done.insert(id).inserted else { continue }
                let offset = ClockOffset(milliseconds: row[2])
                try ClockShift.shift(db, artifactID: id, by: offset, source: row[3])
                applied.append((row[1], offset, row[3]))
            }
            return applied
        }
    }

    /// The artifact named by an id, a path as ingested, or a file name (when only one has it).
    static func resolveArtifact(_ db: Database, _ text: String) throws -> (id: Int64, name: String) {
        if let id = Int64(text),
            let name = try String.fetchOne(
                db, sql: "SELECT name FROM artifacts WHERE id = ?", arguments: [id])
        {
            return (id, name)
        }
        for column in ["path", "name"] {
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, name FROM artifacts WHERE \(column) = ? ORDER BY id", arguments: [text])
            if rows.count == 1 { return (rows[0][0], rows[0][1]) }
            if rows.count > 1 { throw SkewError.ambiguousArtifact(text, matches: rows.count) }
        }
        let base = (text as NSString).lastPathComponent
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, name FROM artifacts WHERE name = ? ORDER BY id", arguments: [base])
        if rows.count == 1 { return (rows[0][0], rows[0][1]) }
        if rows.count > 1 { throw SkewError.ambiguousArtifact(text, matches: rows.count) }
        throw SkewError.unknownArtifact(text)
    }
}
