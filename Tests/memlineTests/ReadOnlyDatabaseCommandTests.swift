import Foundation
import MemlineKit
import Testing

/// A database in a folder that cannot be written (a read-only medium, a colleague's folder) is read and reported
/// when its analysis is stored, and says so when it is not.
@Suite(.enabled(if: ReadOnlyFolder.isAvailable, ReadOnlyFolder.unavailableReason))
struct ReadOnlyDatabaseCommandTests {
    private func listing(_ cli: CLI, _ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.path(folder)).sorted()
    }

    @Test func analysedDatabaseInAReadOnlyFolderIsQueriedListedAndReported() throws {
        // Given the demo's analysed database, in a folder that cannot be written
        let cli = try CLI()
        defer { cli.cleanUp() }
        #expect(try cli.run(["demo", "--out", "demo"]).status == 0)
        let before = try listing(cli, "demo")
        try #require(ReadOnlyFolder.lock(cli.path("demo")))
        defer { ReadOnlyFolder.unlock(cli.path("demo")) }
        let db = ["--db", "demo/incident.sqlite"]

        // When it is reported, queried and listed
        let report = try cli.run(["report", "--out", "report"] + db)
        let query = try cli.run(["query", "--format", "csv", "select name from suspects where id = 1"] + db)
        let suspects = try cli.run(["suspects"] + db)
        let artifacts = try cli.run(["artifacts"] + db)
        let heap = try cli.run(["heap", "list"] + db)
        let processes = try cli.run(["processes"] + db)

        // Then each works from what is stored
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.isEmpty, "\(report.stderr)")
        let markdown = try String(contentsOfFile: cli.path("report/report.md"), encoding: .utf8)
        #expect(markdown.contains("**Top suspect:** /reports/:id"))
        #expect(query.stdout == "name\n/reports/:id\n", "\(query.stderr)")
        #expect(suspects.status == 0 && suspects.stdout.contains("/reports/:id"), "\(suspects.stderr)")
        #expect(artifacts.status == 0 && artifacts.stdout.contains("performance.log.gz"), "\(artifacts.stderr)")
        #expect(heap.status == 0 && heap.stdout.contains("(0 rows)"), "\(heap.stderr)")
        // (the demo has no Erlang processes: the command says so, not SQLite)
        #expect(processes.status == 1)
        #expect(
            processes.stderr == "memline: the database holds no process samples; "
                + "ingest Erlang/Elixir process_info snapshots first\n")
        // And nothing was written beside the database (no -wal, no -shm)
        #expect(try listing(cli, "demo") == before)
    }

    @Test func unanalysedDatabaseInAReadOnlyFolderSaysSoAndExits73() throws {
        // Given a database holding samples but no analysis, in a folder that cannot be written
        let cli = try CLI()
        defer { cli.cleanUp() }
        let rows = (0..<30).map { "2026-01-01T00:\(String(format: "%02d", $0)):00Z,\(1000 + $0 * 100)" }
        try cli.write("mem.csv", "ts,rss_kb\n" + rows.joined(separator: "\n") + "\n")
        try cli.write("more.csv", "ts,rss_kb\n2026-01-01T01:00:00Z,9000\n")
        try FileManager.default.createDirectory(atPath: cli.path("ro"), withIntermediateDirectories: true)
        #expect(try cli.run(["ingest", "--db", "ro/incident.sqlite", "mem.csv"]).status == 0)
        try #require(ReadOnlyFolder.lock(cli.path("ro")))
        defer { ReadOnlyFolder.unlock(cli.path("ro")) }
        let db = ["--db", "ro/incident.sqlite"]

        // When the report, the suspects, the analysis or an ingest is asked for
        let report = try cli.run(["report", "--out", "report"] + db)
        let suspects = try cli.run(["suspects"] + db)
        let analyze = try cli.run(["analyze"] + db)
        let ingest = try cli.run(["ingest", "more.csv"] + db)

        // Then each says what is wrong and what to do, and exits 73 (the command would work on a writable copy)
        let notAnalysed =
            "memline: ro/incident.sqlite: the database is read-only and not analysed yet; "
            + "run `memline analyze` where it can be written, or copy it\n"
        #expect(report.status == 73)
        #expect(report.stderr == notAnalysed)
        #expect(suspects.status == 73)
        #expect(suspects.stderr == notAnalysed)
        let readOnly =
            "memline: ro/incident.sqlite: the database is read-only (the file or its folder cannot be written); "
            + "run this where it can be written, or copy it to a writable folder\n"
        #expect(analyze.status == 73)
        #expect(analyze.stderr == readOnly)
        #expect(ingest.status == 73)
        #expect(ingest.stderr == readOnly)
        // And what is stored can still be read
        let count = try cli.run(["query", "--format", "csv", "select count(*) as n from rss_samples"] + db)
        #expect(count.stdout == "n\n30\n", "\(count.stderr)")
        #expect(try listing(cli, "ro") == ["incident.sqlite"])
    }

    @Test func writeAheadLogLeftByACrashIsReadWithItsShmAndNamedWithout() throws {
        // Given a copy of a database taken while memline held it open: its last write only in the -wal file
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("crashed"), withIntermediateDirectories: true)
        let live = try MemlineDatabase(path: cli.path("live.sqlite"))
        let at = try #require(Timestamp.parseUserInput("2026-11-21T10:22:00Z"))
        _ = try live.annotate(at: at, kind: "note", message: "only in the log")
        for suffix in ["", "-wal", "-shm"] {
            try FileManager.default.copyItem(
                atPath: cli.path("live.sqlite" + suffix), toPath: cli.path("crashed/incident.sqlite" + suffix))
        }
        withExtendedLifetime(live) {}
        let db = ["--db", "crashed/incident.sqlite"]

        // When it is read in a folder that cannot be written
        try #require(ReadOnlyFolder.lock(cli.path("crashed")))
        let events = try cli.run(["events"] + db)
        ReadOnlyFolder.unlock(cli.path("crashed"))
        // Then the write in its log is read
        #expect(events.status == 0, "\(events.stderr)")
        #expect(events.stdout.contains("only in the log"))

        // When its -shm is gone too
        try FileManager.default.removeItem(atPath: cli.path("crashed/incident.sqlite-shm"))
        try #require(ReadOnlyFolder.lock(cli.path("crashed")))
        defer { ReadOnlyFolder.unlock(cli.path("crashed")) }
        let refused = try cli.run(["events"] + db)
        // Then memline says why it cannot read it and what to do, rather than read it without its log
        #expect(refused.status == 73)
        #expect(
            refused.stderr
                == "memline: crashed/incident.sqlite: the database is read-only and its write-ahead log "
                + "(crashed/incident.sqlite-wal) cannot be read without writing crashed/incident.sqlite-shm; "
                + "copy the database with its -wal file to a writable folder\n")
    }
}
