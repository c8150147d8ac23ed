import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The analysis reads `gc_samples` (filled by the ruby-gc-stat importer) beside the RSS series.
struct GCVerdictTests {
    @Test func gcThatNeverRunsIsTheDivergentSiblingsVerdictNotASecondSuspect() throws {
        // Given the GC.disable recording with its GC.stat samples, ingested by the ruby-gc-stat parser
        let db = try IncidentFixture.database("gc", gcStat: true)
        // When analysed
        _ = try Analysis.run(on: db)
        let suspects = try db.suspects()
        // Then the diverging worker is the first suspect, confidently, carrying the GC verdict
        let process = try #require(suspects.first)
        #expect(process.kind == "process")
        #expect(process.isConfident)
        #expect(process.reason.contains("GC never runs"))
        for pid in try db.trends().filter(\.divergent).compactMap(\.pid) {
            #expect(process.name.contains(String(pid)))
        }
        // With the GC.stat lines among its evidence
        let evidence = try db.evidence(forSuspect: process.id)
        #expect(evidence.contains { $0.file == "gc_stat.jsonl.gz" && $0.line != nil })
        // And one culprit is one suspect: "GC never runs" in those very processes is not named again
        #expect(!suspects.contains { $0.kind == "configuration" })
    }

    @Test func gcThatNeverRunsWithoutADivergentSiblingIsASuspectOfItsOwn() throws {
        // Given one process whose GC count never moves while it grows (no siblings to diverge from)
        let incident = try SyntheticIncident()
        try incident.samples(
            (0..<60).map { (Double($0) * 5, 80_000 + Double($0) * 3_000 + 200 * SyntheticIncident.noise($0)) }, pid: 9)
        try incident.db.write { conn in
            try conn.execute(
                sql:
                    "INSERT INTO artifacts (path, name, format, ingested_at) VALUES ('gc', 'gc.jsonl', 'ruby-gc-stat', '2026-11-22T00:00:00.000Z')"
            )
            let id = conn.lastInsertedRowID
            for i in 0..<10 {
                try conn.execute(
                    sql: """
                        INSERT INTO gc_samples (artifact_id, line, ts, pid, count, raw) VALUES (?, ?, ?, 9, 42, '{}')
                        """,
                    arguments: [
                        id, i + 1, SyntheticIncident.t0.adding(milliseconds: Int64(i * 30_000)).iso8601,
                    ])
            }
        }
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then "GC never runs" is named, confidently, with the GC.stat lines as evidence
        let config = try #require(try incident.db.suspects().first { $0.kind == "configuration" })
        #expect(config.name == "GC never runs")
        #expect(config.isConfident)
        #expect(try incident.db.evidence(forSuspect: config.id).allSatisfy { $0.file == "gc.jsonl" })
    }
}
