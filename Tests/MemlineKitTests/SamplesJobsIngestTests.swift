import Foundation
import Testing

@testable import MemlineKit

struct SamplesJobsIngestTests {
    @Test func ingestsAFolderOfPidstatSidekiqAndMemorySamplesDetectingEachFormat() throws {
        // Given a folder holding a pidstat report, a Sidekiq log (gzipped) and a memory-samples CSV
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [
            "linux/pidstat_r_12h_en_US_sigint.txt": "pidstat.txt",
            "sidekiq/sidekiq641_pretty_stdout_stderr_merged.log.gz": "sidekiq.log.gz",
            "memory/memory_samples_python_grow.csv": "samples.csv",
        ]
        for (fixture, name) in files {
            try FileManager.default.copyItem(
                atPath: Fixtures.path(fixture), toPath: dir.appendingPathComponent(name).path)
        }
        let db = try MemlineDatabase.inMemory()

        // When every file of the folder is ingested with automatic detection and --tz +01:00
        var options = IngestOptions()
        options.zone = try #require(ZoneRule(parsing: "+01:00"))
        var summaries: [String: IngestSummary] = [:]
        for path in try ArtifactPaths.expand(dir.path) {
            let summary = try db.ingest(path: path, options: options)
            summaries[summary.name] = summary
        }

        // Then each file got its format and its rows
        #expect(summaries["pidstat.txt"]?.format == "pidstat")
        #expect(summaries["pidstat.txt"]?.rowCounts == ["rss_samples": 87])
        #expect(summaries["sidekiq.log.gz"]?.format == "sidekiq")
        #expect(summaries["sidekiq.log.gz"]?.rowCounts == ["jobs": 42, "events": 2])
        #expect(summaries["sidekiq.log.gz"]?.lines == 482)
        #expect(summaries["samples.csv"]?.format == "memory-csv")
        #expect(summaries["samples.csv"]?.rowCounts == ["rss_samples": 16])
        #expect(summaries.values.allSatisfy { $0.skipped == 0 })

        // And the rows are in the tables users query, pidstat's wall clock read in +01:00
        let rss = try db.query(
            sql: "SELECT ts, host, pid, process, rss_kb FROM v_rss WHERE file = 'pidstat.txt' "
                + "ORDER BY ts, pid LIMIT 1")
        #expect(
            rss.rows == [
                [
                    .text("2026-11-22T00:38:20.000Z"), .text("vm"), .integer(2), .text("python3"),
                    .integer(21596),
                ]
            ])
        let failed = try db.query(
            sql: "SELECT class, jid, status, duration_ms, error, queue FROM jobs "
                + "WHERE status = 'fail' ORDER BY ts_start")
        #expect(failed.rows.count == 2)
        #expect(
            failed.rows.first == [
                .text("NightlyReportJob"), .text("53d1ec32310961b8fedb64e9"), .text("fail"), .real(303),
                .text("NoMethodError: undefined method `total' for nil:NilClass"), .text("default"),
            ])
        let artifacts = try db.query(sql: "SELECT format, rows, tz FROM artifacts ORDER BY format")
        #expect(
            artifacts.rows == [
                [.text("memory-csv"), .integer(16), .text("+01:00")],
                [.text("pidstat"), .integer(87), .text("+01:00")],
                [.text("sidekiq"), .integer(44), .text("+01:00")],
            ])
    }
}
