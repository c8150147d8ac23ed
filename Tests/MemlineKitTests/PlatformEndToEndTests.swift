import Foundation
import MemlineKit
import Testing

/// Seed 001: a Heroku app throws R14; which endpoints did the affected dyno serve just before?
struct PlatformEndToEndTests {
    /// The question of seed 001 as one SQL query: every R14, and the endpoints its dyno served in the 10 minutes
    /// before it (from whichever artifact logged them).
    static let r14Endpoints = """
        SELECT e.ts AS r14_at, e.host AS dyno, r.endpoint, count(r.id) AS requests
        FROM events e
        LEFT JOIN requests r ON r.host = e.host
            AND r.ts_end >= strftime('%Y-%m-%dT%H:%M:%fZ', e.ts, '-10 minutes') AND r.ts_end <= e.ts
        WHERE e.kind = 'r14'
        GROUP BY e.id, r.endpoint
        ORDER BY e.ts, requests DESC, r.endpoint
        """

    @Test func mixedFolderAnswersWhichEndpointsPrecededEachR14() throws {
        // Given a folder with a Heroku log, a Papertrail archive of the hour before it, and a dmesg -T capture
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (fixture, name) in [
            ("heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log", "heroku.log"),
            ("papertrail/2024-03-12-08.tsv.gz", "2024-03-12-08.tsv.gz"),
            ("kernel/kernel_oom_memcg_v1_dmesg_T.txt", "dmesg-T.txt"),
        ] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path(fixture), toPath: folder.appendingPathComponent(name).path)
        }
        let db = try MemlineDatabase.inMemory()

        // When the folder is ingested, each file detected on its own
        let summaries = try ArtifactPaths.expand(folder.path).map { try db.ingest(path: $0) }
        #expect(summaries.map(\.format) == ["papertrail", "kernel-oom", "heroku"])
        #expect(summaries.map(\.skipped) == [1, 0, 0])

        // Then one query lists the R14s with the endpoints their dyno served in the 10 minutes before
        let result = try db.query(sql: Self.r14Endpoints)
        let rows = result.rows.map { $0.map(\.display) }
        let r14Count = Set(rows.map { $0[0] }).count
        #expect(r14Count == 11)
        // The first R14 is in the Papertrail archive; its window holds only archive requests.
        #expect(
            Array(rows.prefix(2)) == [
                ["2024-03-12T08:58:00.000Z", "web.2", "/admin/reports/sales.csv", "2"],
                ["2024-03-12T08:58:00.000Z", "web.2", "/products/:id", "1"],
            ])
        // The first R14 of the Heroku log reaches back into the archive: both files' requests are counted.
        #expect(
            rows.filter { $0[0] == "2024-03-12T09:03:16.700Z" } == [
                ["2024-03-12T09:03:16.700Z", "web.2", "/admin/reports/sales.csv", "3"],
                ["2024-03-12T09:03:16.700Z", "web.2", "/cart/items", "2"],
                ["2024-03-12T09:03:16.700Z", "web.2", "/", "1"],
                ["2024-03-12T09:03:16.700Z", "web.2", "/products/:id", "1"],
            ])
        // The worker dyno's R14s served no requests: listed, with no endpoint.
        #expect(rows.filter { $0[1] == "worker.1" }.allSatisfy { $0[2] == "" && $0[3] == "0" })
        #expect(rows.filter { $0[1] == "worker.1" }.count == 5)

        // The view asks the same of every memory event, the kernel's OOM kills included.
        let kinds = try db.query(
            sql: "SELECT kind, count(DISTINCT event_id) FROM v_memory_event_endpoints GROUP BY kind ORDER BY kind")
        #expect(
            kinds.rows.map { $0.map(\.display) } == [
                ["enomem", "1"], ["oom", "4"], ["r14", "11"], ["r15", "1"], ["worker-killed", "1"],
            ])
        let total = try db.query(
            sql: "SELECT total_kb, pct_of_limit FROM v_memory_total WHERE file = 'heroku.log' AND line = 157")
        #expect(total.rows.map { $0.map(\.display) } == [["610816", "116.5"]])
    }
}
