import Foundation
import Testing

@testable import MemlineKit

struct ExploreTests {
    @Test(arguments: ["leak", "gc", "job", "healthy"])
    func explore(_ scenario: String) throws {
        guard ProcessInfo.processInfo.environment["MEMLINE_EXPLORE"] != nil else { return }
        try? FileManager.default.removeItem(atPath: "/tmp/explore-\(scenario).sqlite")
        let db = try MemlineDatabase(path: "/tmp/explore-\(scenario).sqlite")
        try IncidentFixture.load(scenario, into: db)
        let summary = try Analysis.run(on: db)
        var out = "=== \(scenario)\n" + summary.text
        out += try db.trendList().rendered(as: .table)
        out += try db.query(sql: "select id, pid, trigger, ts_start, ts_peak, ts_end, rise_kb, recovered from spikes where recovered = 0").rendered(as: .table)
        out += try db.suspectList().rendered(as: .markdown)
        out += try db.query(sql: "select trend_id, endpoint, requests, request_share, total_delta_kb, max_delta_kb, retained_kb, growth_share, enrichment, given_back_kb, retaining, p_value from endpoint_growth").rendered(as: .table)
        out += try db.query(sql: "select * from job_overlaps").rendered(as: .table)
        try out.write(toFile: "/tmp/explore-\(scenario).txt", atomically: true, encoding: .utf8)
    }
}
