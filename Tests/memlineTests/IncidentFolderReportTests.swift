import Foundation
import Testing

/// The "done when": a real incident folder, mixed with files memline does not read, ingests with exit 0 and
/// its deploy, crash, restart and notes land on the report's timeline at their times.
struct IncidentFolderReportTests {
    @Test func aMixedIncidentFolderIngestsWithExitZeroAndTellsItsStoryOnTheTimeline() throws {
        // Given a folder of recordings: a Unicorn master log, an OTP logger file, on-call notes, a logfmt sampling
        // loop, enveloped GC.stat, and the pid file that used to fail the run
        let cli = try CLI()
        defer { cli.cleanUp() }
        let folder = cli.directory.appendingPathComponent("incident")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (from, to) in [
            ("app-server/unicorn6_stderr.log", "unicorn.stderr.log"),
            ("erlang-logger/otp25_template_pid.log", "erlang.log"),
            ("oncall-notes/notes.txt", "notes.txt"),
            ("logfmt/loop_rss_kb.log", "rss-loop.log"),
            ("gc-stat/gc_stat_envelope_ruby31.jsonl", "gc.jsonl"),
        ] {
            try FileManager.default.copyItem(
                at: IngestCommandTests.fixture(from), to: folder.appendingPathComponent(to))
        }
        try cli.write("incident/unicorn.pid", "24344\n")

        // When the folder is ingested and reported
        let ingest = try cli.run(["ingest", "incident"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("unicorn.stderr.log: 494 lines, 16 events, 0 skipped"))
        #expect(ingest.stderr.contains("erlang.log: 10 lines, 8 events, 0 skipped"))
        #expect(ingest.stderr.contains("notes.txt: 12 lines, 8 events, 0 skipped"))
        #expect(ingest.stderr.contains("rss-loop.log: 8 lines, 8 RSS samples, 0 skipped"))
        #expect(ingest.stderr.contains("gc.jsonl: 6 lines, 6 GC samples, 0 skipped"))
        #expect(ingest.stderr.hasSuffix("not ingested: incident/unicorn.pid (unknown format)\n"))
        let report = try cli.run(["report", "--out", "out"])
        #expect(report.status == 0, "\(report.stderr)")
        let markdown = try String(contentsOf: cli.directory.appendingPathComponent("out/report.md"), encoding: .utf8)

        // Then the deploy, the crashes, the restarts and the notes are on the timeline at their times
        for row in [
            "| 2026-12-06 09:08:00 UTC | deploy | deploy of 2.4.1 started by CI | notes.txt:5 |",
            "| 2026-12-06 09:10:15 UTC | crash | pid 24574 · config.ru:8: \\[BUG\\] Segmentation fault",
            "| 2026-12-06 09:10:19 UTC | restart | restarted worker 1 by hand \\(kill -9\\) | notes.txt:9 |",
            "| 2026-12-06 09:11:11 UTC | deploy | deploy started: release 2.4.1 \\(git 9f3c2ab\\) | erlang.log:2 |",
            "| 2026-12-06 09:11:11 UTC | restart | Supervisor: \\{local,app\\_sup\\}. Started:",
            "| 2026-12-06 09:31:00 UTC | rollback | rolled back to 2.4.0 | notes.txt:11 |",
        ] {
            #expect(markdown.contains(row), "\(row)")
        }
    }
}
