import Foundation
import Testing

/// `memline profile trend` and the runtime formats through the built binary.
struct RuntimeCommandTests {
    @Test func profileTrendOverIngestedIntervalDumps() throws {
        // Given the twelve dumps of one jemalloc process copied into a folder (mtimes all of the copy)
        let cli = try CLI()
        defer { cli.cleanUp() }
        let dumps = cli.directory.appendingPathComponent("dumps")
        try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
        let series = IngestCommandTests.fixture("jemalloc/series")
        for name in try FileManager.default.contentsOfDirectory(atPath: series.path) where name.hasSuffix(".heap.gz") {
            try FileManager.default.copyItem(
                at: series.appendingPathComponent(name), to: dumps.appendingPathComponent(name))
        }
        #expect(try cli.run(["ingest", "dumps"]).status == 0)
        // When the trend is asked for as CSV
        let csv = try cli.run(["profile", "trend", "--pid", "4298", "--top", "2", "--format", "csv"])
        #expect(csv.status == 0)
        let rows = csv.stdout.split(separator: "\n")
        // Then the steady leak comes first and the one-off load second, one column per dump in sequence order
        #expect(rows.count == 3)
        #expect(rows[0].hasSuffix("jeprof.series.4298.9.i9,jeprof.series.4298.10.i10,jeprof.series.4298.11.f"))
        #expect(rows[1].hasPrefix("leaky_series+0x") && rows[1].contains(",steady growth,"))
        #expect(rows[2].contains(",one jump,"))
        // And the rows are in the database for SQL
        let stored = try cli.run([
            "query", "--format", "csv", "select shape, count(*) as n from profile_trend group by shape order by shape",
        ])
        #expect(stored.stdout.contains("one jump,1"))
        // And a pid with no dumps is a usage error naming the ones there are
        let missing = try cli.run(["profile", "trend", "--pid", "7"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("pids with profiles: 4298"))
    }
}
