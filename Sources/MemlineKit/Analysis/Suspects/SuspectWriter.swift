import GRDB

/// Writes ranked suspects and their evidence; the id is the rank.
enum SuspectWriter {
    static func write(_ db: Database, _ suspects: [SuspectDraft]) throws {
        let names = Dictionary(
            uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM artifacts ORDER BY id").map {
                ($0["id"] as Int64, $0["name"] as String)
            })
        for (rank, s) in suspects.enumerated() {
            try db.execute(
                sql: """
                    INSERT INTO suspects (id, kind, name, score, confidence, explained_kb, reason, sql)
                    VALUES (?,?,?,?,?,?,?,?)
                    """,
                arguments: [
                    rank + 1, s.kind.rawValue, s.name, s.score, s.confident ? "confident" : "hedged", s.explainedKB,
                    s.reason,
                    s.sql,
                ])
            for (i, e) in s.evidence.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO suspect_evidence (suspect_id, ordinal, label, artifact_id, file, line, line_end, ts,
                          value)
                        VALUES (?,?,?,?,?,?,?,?,?)
                        """,
                    arguments: [
                        rank + 1, i + 1, e.label, e.artifactID, e.artifactID.flatMap { names[$0] }, e.line, e.lineEnd,
                        AnalysisWriter.iso(e.ms), e.value,
                    ])
            }
        }
    }

    /// Writes the candidates the evidence ruled out, in order, merged by kind and name.
    static func write(_ db: Database, ruledOut: [RuledOutDraft]) throws {
        var seen = Set<String>()
        var id = 0
        for r in ruledOut where seen.insert(r.kind.rawValue + "\u{1F}" + r.name).inserted {
            id += 1
            try db.execute(
                sql: "INSERT INTO ruled_out (id, kind, name, reason, sql) VALUES (?,?,?,?,?)",
                arguments: [id, r.kind.rawValue, r.name, r.reason, r.sql])
        }
    }
}
