import Foundation
import Testing

/// `memline ingest FOLDER` as a user runs it after an incident: files memline does not know are listed, not fatal.
struct IngestFolderCommandTests {
    /// A folder of two known logs, a pid file and a binary core file.
    static func folder(in cli: CLI) throws {
        try IngestCommandTests.incidentFolder(in: cli)
        try cli.write("logs/app.pid", "4821\n")
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0]
        try Data(elf).write(to: cli.directory.appendingPathComponent("logs/core"))
    }

    @Test func walkingAFolderListsUnknownFilesAtTheEndAndExitsZero() throws {
        // Given a folder mixing known logs with a pid file and a core file
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.folder(in: cli)

        // When the folder is ingested
        let result = try cli.run(["ingest", "logs"])

        // Then the run succeeds, every known file landed, and the others are listed on the last line
        #expect(result.status == 0, "\(result.stderr)")
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last == "not ingested: logs/app.pid (unknown format), logs/core (binary)")
        let count = try cli.run(["query", "--format", "csv", "select count(*) as n from artifacts"])
        #expect(count.stdout == "n\n5\n")
    }

    @Test func pidstatInAFolderIsReadAtTheOffsetTheAccessLogPrints() throws {
        // Given pidstat's local wall clock beside an access log and a deploy log that print -03:00
        let cli = try CLI()
        defer { cli.cleanUp() }
        let logs = cli.directory.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        for name in ["pidstat.txt", "access.log.gz", "deploy.log"] {
            try FileManager.default.copyItem(
                at: IngestCommandTests.fixture(
                    "verdicts/h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron/\(name)"),
                to: logs.appendingPathComponent(name))
        }
        let first = "select min(ts) as first from rss_samples"

        // When the folder is ingested without --tz
        let result = try cli.run(["ingest", "logs"])

        // Then pidstat is read at -03:00, the ingest says so, and its first sample is 05:39:39 local time
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("pidstat.txt: its times name no zone; read at -03:00, the offset access.log.gz"))
        #expect(try cli.run(["query", "--format", "csv", first]).stdout == "first\n2026-12-07T08:39:39.000Z\n")

        // And --tz UTC reads it as UTC, saying nothing
        let utc = try cli.run(["ingest", "--db", "utc.sqlite", "--tz", "UTC", "logs"])
        #expect(!utc.stderr.contains("name no zone"))
        #expect(
            try cli.run(["query", "--db", "utc.sqlite", "--format", "csv", first]).stdout
                == "first\n2026-12-07T05:39:39.000Z\n")
    }

    @Test func aDamagedFileOfAKnownFormatInAFolderFailsTheRun() throws {
        // Given a folder with a truncated gzip log and a log with binary bytes inside
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.folder(in: cli)
        let gz = try Data(contentsOf: IngestCommandTests.fixture("request-rss/performance.log-20170727.gz"))
        try gz.prefix(gz.count / 2).write(to: cli.directory.appendingPathComponent("logs/cut.log.gz"))
        var sidekiq = try Data(contentsOf: IngestCommandTests.fixture("sidekiq/sidekiq739_pretty.log"))
        let fifthLine = sidekiq.indices.filter { sidekiq[$0] == 0x0A }[3] + 1
        sidekiq.replaceSubrange(fifthLine..<fifthLine + 4, with: [0, 0, 0, 0])
        try sidekiq.write(to: cli.directory.appendingPathComponent("logs/damaged-sidekiq.log"))

        // When the folder is ingested
        let result = try cli.run(["ingest", "logs"])

        // Then both damaged files fail the run, each named, while the pid file is only listed
        #expect(result.status == 1)
        #expect(result.stderr.contains("cut.log.gz: the gzip stream ends early"))
        #expect(result.stderr.contains("damaged-sidekiq.log:5: binary bytes (NUL) inside what reads as sidekiq"))
        #expect(result.stderr.contains("not ingested: logs/app.pid (unknown format)"))
        #expect(result.stderr.contains("2 of 7 file(s) failed; the database holds the others"))
    }

    @Test func aReadmeThatOnlyLooksLikeAKnownFormatIsLeftOutOfAFolder() throws {
        // Given a folder with an incident's README that quotes Erlang process terms in its prose
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.folder(in: cli)
        try FileManager.default.copyItem(
            at: IngestCommandTests.fixture("verdicts/beam-deploy/README.md"),
            to: cli.directory.appendingPathComponent("logs/README.md"))

        // When the folder is ingested
        let result = try cli.run(["ingest", "logs"])

        // Then the run succeeds and the README is listed as left out, with what it looked like
        #expect(result.status == 0, "\(result.stderr)")
        let last = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.contains("logs/README.md (looked like "), "\(last)")
        #expect(last.contains(", but no line of it is)"))
    }

    @Test func aNamedFileMemlineCannotRecogniseFailsTheRun() throws {
        // Given a pid file named on the command line
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.folder(in: cli)

        // When it is ingested by name, beside a known log
        let result = try cli.run(["ingest", "logs/app.pid", "logs/sidekiq.log"])

        // Then the run fails and says why, and the known log still landed
        #expect(result.status == 1)
        #expect(result.stderr.contains("app.pid:1: unknown format"))
        #expect(result.stderr.contains("1 of 2 file(s) failed"))
        #expect(!result.stderr.contains("not ingested"))
    }

    @Test func dryRunListsEachFileWithItsFormatAndStoresNothing() throws {
        // Given the mixed folder
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.folder(in: cli)

        // When it is ingested with --dry-run
        let result = try cli.run(["ingest", "--dry-run", "logs"])

        // Then every file is listed with the format it would be read as, or why it would be skipped
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                logs/app.pid\tskip (unknown format)
                logs/core\tskip (binary)
                logs/performance.log\trequest-rss
                logs/performance.log-20170727.gz\trequest-rss
                logs/pidstat.txt\tpidstat
                logs/production.log\trails
                logs/sidekiq.log\tsidekiq

                """)
        // And no database was created
        #expect(!FileManager.default.fileExists(atPath: cli.path("incident.sqlite")))
    }

    @Test func ingestHelpDocumentsTheExitCodesAndTheClosingLine() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // When the help is shown
        let help = try cli.run(["ingest", "--help"])
        // Then it names each exit status and the not-ingested line
        #expect(help.stdout.contains("Exit status:"))
        #expect(help.stdout.contains("not ingested: logs/app.pid (unknown format)"))
        #expect(help.stdout.contains("--dry-run"))
        for status in ["0   every recognised file", "1   a file failed", "64  bad arguments"] {
            #expect(help.stdout.contains(status), "\(status)")
        }
    }
}
