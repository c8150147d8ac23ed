import Foundation
import Testing

@testable import MemlineKit

struct HealthySeriesTests {
    @Test func noSuspectOnSawtoothWorkersWithBigTransientRequests() throws {
        // Given three workers whose RSS rises by 40 MB on /exports and falls back at the next collection, plus
        // ordinary small requests: big deltas, nothing kept
        let incident = try SyntheticIncident()
        for pid in [1, 2, 3] {
            var rows: [(Double, String, Double, Double)] = []
            var rss = 100.0 * 1024
            for i in 0..<600 {
                let export = (i + pid) % 20 == 0
                let collect = (i + pid) % 20 == 2 && rss > 120 * 1024
                let delta: Double =
                    export ? 40 * 1024 : collect ? -(rss - 100 * 1024) : 4 * SyntheticIncident.noise(i, seed: pid)
                rss += delta
                rows.append((Double(i) * 2, export ? "/exports/:id" : "/users/:id", delta, rss))
            }
            try incident.requests(rows, pid: pid, file: "performance-\(pid).log")
        }
        // When analysed
        let summary = try Analysis.run(on: incident.db)
        // Then the workers are sawtooth or flat, the spikes recovered (except those the log ended in), and nobody
        // is named
        #expect(try incident.db.trends().allSatisfy { $0.kind == "sawtooth" || $0.kind == "flat" })
        #expect(summary.spikes > 0)
        let unrecovered = try incident.db.spikes().filter { !$0.recovered }
        #expect(unrecovered.allSatisfy { $0.tsStart >= "2026-11-22T00:19:40.000Z" })
        #expect(try incident.db.suspects().isEmpty)
    }

    @Test func emptyDatabaseGivesAnEmptyAnalysis() throws {
        let incident = try SyntheticIncident()
        let summary = try Analysis.run(on: incident.db)
        #expect(summary.series == 0)
        #expect(summary.suspects == 0)
        #expect(try incident.db.analysisThresholds() == AnalysisThresholds())
    }
}
