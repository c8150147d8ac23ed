import Foundation
import Testing

/// The foundation's "done means": a folder of real artifacts in, every format detected, one SQL answer out.
struct IngestCommandTests {
    /// The unit tests' fixtures, read in place from the source tree.
    static func fixture(_ relative: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MemlineKitTests/Fixtures").appendingPathComponent(relative)
    }

    static func incidentFolder(in cli: CLI) throws {
        let logs = cli.directory.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        for (from, to) in [
            ("linux/pidstat_r_24h_sigterm.txt", "pidstat.txt"),
            ("request-rss/performance.log", "performance.log"),
            ("request-rss/performance.log-20170727.gz", "performance.log-20170727.gz"),
            ("rails-log/select_rails_log_simple_rails7_tagged.log", "production.log"),
            ("sidekiq/sidekiq739_pretty.log", "sidekiq.log"),
        ] {
            try FileManager.default.copyItem(at: fixture(from), to: logs.appendingPathComponent(to))
        }
    }

    @Test func ingestsAFolderDetectingEveryFormatAndAnswersWithSQL() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.incidentFolder(in: cli)

        // When the folder is ingested
        let ingest = try cli.run(["ingest", "logs"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // Then one summary line per file, naming what was stored and what was skipped
        #expect(ingest.stderr.contains("pidstat.txt: 146 lines, 87 RSS samples, 0 skipped"))
        #expect(ingest.stderr.contains("production.log: 195 lines, 7 requests, 0 skipped"))
        #expect(ingest.stderr.contains("sidekiq.log: 193 lines, 2 events, 42 jobs, 0 skipped"))
        #expect(ingest.stderr.contains("performance.log-20170727.gz: 32 lines"))
        #expect(ingest.stderr.contains("1 skipped (see: memline query"))

        // And every format was detected
        let formats = try cli.run(["query", "--format", "csv", "select name, format from artifacts order by name"])
        #expect(
            formats.stdout == """
                name,format
                performance.log,request-rss
                performance.log-20170727.gz,request-rss
                pidstat.txt,pidstat
                production.log,rails
                sidekiq.log,sidekiq

                """)

        // And every line is either stored or has an error row: nothing silently dropped
        let errors = try cli.run([
            "query", "--format", "csv",
            "select sum(skipped) as s, (select count(*) from ingest_errors) as e from artifacts",
        ])
        #expect(errors.stdout == "s,e\n2,2\n")

        // And "which endpoints grew RSS most" is one SQL statement
        let top = try cli.run([
            "query", "--format", "markdown",
            "select endpoint, sum(delta_kb) as grown_kb from request_memory group by endpoint order by grown_kb desc limit 1",
        ])
        #expect(top.stdout == "| endpoint | grown_kb |\n| --- | ---: |\n| /reports/:id | 72844 |\n")
    }

    @Test func reingestIsANoOpAndForceReplaces() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.incidentFolder(in: cli)
        try cli.run(["ingest", "logs/sidekiq.log"])
        let again = try cli.run(["ingest", "logs/sidekiq.log"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("already ingested as artifact 1"))
        let forced = try cli.run(["ingest", "--force", "logs/sidekiq.log"])
        #expect(forced.stderr.contains("replaced artifact 1"))
        let count = try cli.run([
            "query", "--format", "csv",
            "select count(*) as artifacts, (select count(*) from jobs) as jobs from artifacts",
        ])
        #expect(count.stdout == "artifacts,jobs\n1,42\n")
    }

    @Test func readsStandardInputWithAnExplicitFormat() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let csv = "ts,pid,rss_kb\n2026-11-22T01:00:00Z,7,1000\n2026-11-22T01:00:01Z,7,2000\nnot-a-time,7,5\n"
        let result = try cli.run(["ingest", "--format", "memory-csv", "-"], stdin: csv)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("stdin: 4 lines, 2 RSS samples, 1 skipped"))
    }

    @Test func truncatedGzipAndBinaryFilesFailCleanly() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let gz = try Data(contentsOf: Self.fixture("request-rss/performance.log-20170727.gz"))
        try gz.prefix(gz.count / 2).write(to: cli.directory.appendingPathComponent("cut.log.gz"))
        try Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3]).write(to: cli.directory.appendingPathComponent("a.out"))
        let result = try cli.run(["ingest", "cut.log.gz", "a.out"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "cut.log.gz: the gzip stream ends early (truncated .gz?); nothing from this file was stored"))
        #expect(result.stderr.contains("a.out: looks like a binary file"))
        let count = try cli.run([
            "query", "--format", "csv",
            "select (select count(*) from artifacts) + (select count(*) from rss_samples) as n",
        ])
        #expect(count.stdout == "n\n0\n")
    }
}
