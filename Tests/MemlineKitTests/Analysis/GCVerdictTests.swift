import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The analysis reads `gc_samples` when the GC-statistics importer has created it (columns pid, ts, count).
/// Until that importer is merged, this test creates the table itself from the recording's GC.stat JSON lines.
struct GCVerdictTests {
    @Test func gcThatNeverRunsIsNamedFromGCStatSamples() throws {
        // Given the GC.disable recording with its GC.stat samples
        let db = try IncidentFixture.database("gc")
        let lines = try Fixtures.lines("incidents/gc/gc_stat.jsonl.gz")
        try db.write { conn in
            try conn.execute(
                sql: """
                    INSERT INTO artifacts (path, name, format, ingested_at)
                    VALUES ('gc_stat.jsonl.gz', 'gc_stat.jsonl.gz', 'stand-in', '2026-11-22T00:00:00.000Z');
                    CREATE TABLE gc_samples (id INTEGER PRIMARY KEY, artifact_id INTEGER, line INTEGER, ts TEXT, pid INTEGER,
                                             count INTEGER);
                    """)
            let artifact = conn.lastInsertedRowID
            for line in lines {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.text.utf8)) as? [String: Any],
                    let ts = object["timestamp"] as? String, let pid = object["pid"] as? Int,
                    let count = object["count"] as? Int
                else { continue }
                try conn.execute(
                    sql: "INSERT INTO gc_samples (artifact_id, line, ts, pid, count) VALUES (?,?,?,?,?)",
                    arguments: [artifact, line.number, ts, pid, count])
            }
        }
        // When analysed
        _ = try Analysis.run(on: db)
        let suspects = try db.suspects()
        // Then the diverging worker's reason carries the GC verdict, and "GC never runs" is a suspect of its own
        let process = try #require(suspects.first { $0.kind == "process" })
        #expect(process.reason.contains("GC never runs"))
        let config = try #require(suspects.first { $0.kind == "configuration" })
        #expect(config.name == "GC never runs")
        #expect(config.isConfident)
        for pid in try db.trends().filter(\.divergent).compactMap(\.pid) {
            #expect(config.reason.contains(String(pid)))
        }
        // With the GC.stat lines as evidence, and SQL that shows the flat count
        let evidence = try db.evidence(forSuspect: config.id)
        #expect(evidence.allSatisfy { $0.file == "gc_stat.jsonl.gz" && $0.line != nil })
        let rows = try db.query(sql: config.sql)
        #expect(rows.rows.allSatisfy { $0[4] == $0[5] })
        // And the siblings, whose GC ran, are not named
        #expect(!config.reason.contains("18054"))
    }
}
