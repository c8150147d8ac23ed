import Foundation
import Testing

@testable import MemlineKit

struct SpikeTests {
    @Test func findsRecoveredAndUnrecoveredSpikesAndLimitCrossings() throws {
        // Given 100 MB flat; +150 MB in 20 s given back within a minute; later +200 MB in 20 s that stays,
        // with a 400 MB limit
        let incident = try SyntheticIncident()
        var values: [(Double, Double)] = []
        for i in 0..<200 {
            let t = Double(i) * 10
            var v = 100.0 * 1024
            if (500...550).contains(t) { v += 150 * 1024 }
            if t >= 1500 { v += 320 * 1024 }
            values.append((t, v))
        }
        try incident.samples(values, pid: 5, limitKB: 400 * 1024)
        _ = try Analysis.run(on: incident.db)
        let spikes = try incident.db.spikes()
        #expect(spikes.count == 2)
        let first = try #require(spikes.first)
        #expect(first.tsStart == "2026-11-22T00:08:10.000Z")
        #expect(first.tsPeak == "2026-11-22T00:08:20.000Z")
        #expect(first.tsEnd == "2026-11-22T00:09:20.000Z")
        #expect(first.recovered)
        #expect(first.riseKB == 150 * 1024)
        #expect(first.rateMBPerMin == 900)
        let second = try #require(spikes.last)
        #expect(!second.recovered)
        #expect(second.tsEnd == nil)
        #expect(second.crossedLimit)
    }

    @Test func windowCountsFlagTheEndpointRequestedDuringTheSpike() throws {
        // Given a flat worker that jumps by 200 MB at 600 s, and a request log where /admin/export is requested
        // only inside the jump's window while /users is steady (seed 001's before/during/after comparison)
        let incident = try SyntheticIncident()
        let samples: [(Double, Double)] = (0..<120).map { (i: Int) -> (Double, Double) in
            (Double(i) * 10, i >= 60 ? 300 * 1024.0 : 100 * 1024.0)
        }
        try incident.samples(samples, pid: 9)
        var rows: [(Double, String, Double, Double)] = []
        for i in 0..<1200 {
            let t = Double(i)
            let rss: Double = t >= 600 ? 300 * 1024 : 100 * 1024
            rows.append((t, "/users/:id", 4, rss))
            if (591...600).contains(i) { rows.append((t + 0.5, "/admin/export", 20 * 1024, 300 * 1024)) }
        }
        try incident.requests(rows, pid: 9)
        _ = try Analysis.run(on: incident.db)
        let result = try incident.db.query(
            sql: """
                SELECT item, n_window, n_before, n_after, p_value < 0.001 AS significant FROM window_counts
                WHERE subject = 'spike' AND item_kind = 'endpoint' ORDER BY item
                """)
        // Then /admin/export stands out (10 in the window, none around it) and /users does not
        #expect(result.rows.count == 2)
        #expect(result.rows.first?[0] == .text("/admin/export"))
        #expect(result.rows.first?[1] == .integer(10))
        #expect(result.rows.first?[4] == .integer(1))
        #expect(result.rows.last?[4] == .integer(0))
    }
}
