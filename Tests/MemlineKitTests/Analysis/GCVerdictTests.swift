import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The analysis reads `gc_samples` (filled by the ruby-gc-stat importer) beside the RSS series.
struct GCVerdictTests {
    @Test func gcThatNeverRunsIsNamedFromGCStatSamples() throws {
        // Given the GC.disable recording with its GC.stat samples, ingested by the ruby-gc-stat parser
        let db = try IncidentFixture.database("gc", gcStat: true)
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
