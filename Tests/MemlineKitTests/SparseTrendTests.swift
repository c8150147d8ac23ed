import Foundation
import Testing

@testable import MemlineKit

/// Trends read through sparse samples (a status loop every 10 s): what the second half of a short series says.
struct SparseTrendTests {
    private func trend(of values: [Int]) throws -> TrendRecord {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = try #require(Timestamp.parseISO("2026-12-07T21:05:29Z", zone: .utc)).milliseconds
        let rows =
            ["ts,pid,process,rss_kb"]
            + values.enumerated().map { i, kb in
                "\(Timestamp(milliseconds: start + Int64(i) * 10_000).iso8601),2260,sidekiq,\(kb)"
            }
        let url = dir.appendingPathComponent("rss.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: url.path)
        _ = try Analysis.run(on: db)
        return try #require(try db.trends().first)
    }

    @Test func aJobBoxStillRisingAtEverySampleAfterABigFirstJumpIsALeakBeneathIt() throws {
        // Given a big early jump (a report job), then a rise at every one of the last five samples (a job's runs)
        let trend = try trend(of: [35324, 55848, 70668, 74440, 75160, 76340, 84804, 85344, 88860, 89708])
        // Then it is a leak of low confidence beneath the warm-up, not a plateau
        #expect(trend.kind == "leak")
        #expect(trend.confidence == "low")
        #expect(trend.reason.contains("rising at every sample of its second half"))
    }

    @Test func aCacheFillingMoreSlowlyAtEverySampleIsAPlateau() throws {
        // Given the same jump, then a rise that halves at every sample (a cache filling up)
        let trend = try trend(of: [35324, 55848, 70668, 74440, 76000, 78000, 79000, 79500, 79750, 79875])
        // Then it levelled off
        #expect(trend.kind != "leak")
    }
}
