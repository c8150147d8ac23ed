import GRDB

/// Writes detected skews to `clock_skews` (cleared with the other analysis tables).
enum ClockSkewWriter {
    static func write(_ db: Database, _ skews: [ClockSkew]) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO clock_skews (reference_artifact_id, skewed_artifact_id, method, subject, offset_ms,
                    spread_ms, pairs, confidence, prior_offset_ms, reason, sql)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for s in skews {
            try insert.execute(arguments: [
                s.referenceArtifactID, s.skewedArtifactID, s.method.rawValue, s.subject, s.offsetMS, s.spreadMS,
                s.pairs, s.confident ? "confident" : "hedged", s.priorOffsetMS, s.reason, s.sql,
            ])
        }
    }
}
