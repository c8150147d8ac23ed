import Foundation
import Testing

@testable import MemlineKit

/// Unicorn, Puma and Gunicorn master logs: workers' lives as events tied to pid and slot.
struct AppServerLogTests {
    private func parse(_ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.appServer.makeParser(ParseContext(sourceName: "unicorn.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    private func summary(_ events: [Event]) -> [String] {
        events.map { "\($0.line) \($0.kind) \($0.pid.map(String.init) ?? "-") \($0.details ?? "")" }
    }

    @Test func unicornMastersWorkersBecomeSpawnExitCrashAndKillEvents() throws {
        // Given a real Unicorn 6 stderr log: two worker-killer kills, a segfault's [BUG] report, SIGABRT, SIGKILL
        let lines = try Fixtures.lines("app-server/unicorn6_stderr.log").map(\.text)
        #expect(FormatRegistry.detect(head: Array(lines.prefix(50)))?.name == "app-server")

        // When it is read
        let sink = try Fixtures.parse("app-server/unicorn6_stderr.log", as: .appServer)

        // Then every worker event carries its pid and slot, and the 440-line [BUG] report is one crash event
        #expect(sink.skipped.isEmpty)
        let crashes = sink.events.filter { $0.kind == "crash" }
        #expect(
            summary(crashes) == [
                #"37 crash 24574 {"report_lines":440,"worker":1,"signal":"SIGABRT","signo":6,"reaped_line":477}"#,
                #"482 crash 24569 {"worker":0,"signal":"SIGABRT","signo":6}"#,
                #"487 crash 24578 {"worker":1,"signal":"SIGKILL","signo":9}"#,
            ])
        #expect(crashes.first?.message.hasPrefix("config.ru:8: [BUG] Segmentation fault") == true)
        #expect(crashes.first?.ts.iso8601 == "2026-12-06T09:10:15.743Z")
        let kills = sink.events.filter { $0.kind == "worker-killed" }
        #expect(kills.map(\.pid) == [24345, 24346])
        #expect(
            kills.first?.details?.contains(#""worker":0,"killer":"unicorn-worker-killer","rss_bytes":82001920"#) == true
        )
        #expect(
            sink.events.filter { $0.kind == "spawn" }.map(\.pid) == [24345, 24346, 24569, 24574, 24578, 24597, 24633])
        #expect(sink.events.filter { $0.kind == "exit" }.count == 4)
        // And a respawned slot can be followed: slot 1 had four pids
        let slotOne = sink.events.filter { $0.kind == "spawn" && $0.details == #"{"worker":1}"# }.compactMap(\.pid)
        #expect(slotOne == [24346, 24574, 24578, 24633])
    }

    @Test func pumaClusterBootsAndTimedOutWorkersBecomeEvents() throws {
        // Given a real Puma 5.6.5 cluster log (Logger formatter): a worker stopped until it timed out
        let sink = try Fixtures.parse("app-server/puma565_cluster.log", as: .appServer)
        // Then each boot is a spawn with its slot and the timeout a kill of that worker's pid and slot
        #expect(sink.skipped.isEmpty)
        #expect(
            summary(sink.events) == [
                #"3 spawn 24747 {"worker":1}"#, #"4 spawn 24745 {"worker":0}"#,
                #"5 kill 24745 {"worker":0,"cause":"timeout"}"#, #"6 spawn 24957 {"worker":0}"#,
                #"7 spawn 25030 {"worker":0}"#,
            ])
    }

    @Test func olderUnicornWordingAndPumaWorkerKillerAreRead() throws {
        let sink = try parse(
            """
            I, [2026-12-06T09:00:00.000000 #100]  INFO -- : spawned worker=1 pid=4907
            W, [2026-12-06T09:00:05.000000 #100]  WARN -- : PumaWorkerKiller: Out of memory. 2 workers consuming total: 900.5 mb out of max: 800.0 mb. Sending TERM to pid 4907 consuming 500.1 mb.
            I, [2026-12-06T09:00:06.000000 #100]  INFO -- : reaped #<Process::Status: pid 4907 exit 3> worker=1
            2026-12-06T09:00:07.000000+00:00 [2] - Worker 0 (pid: 8003) booted, phase: 0
            """)
        #expect(
            summary(sink.events) == [
                #"1 spawn 4907 {"worker":1}"#,
                #"2 worker-killed 4907 {"worker":1,"killer":"puma_worker_killer","workers":2,"total_mb":900.5,"#
                    + #""max_mb":800,"worker_mb":500.1}"#,
                #"3 crash 4907 {"worker":1,"exit_status":3}"#, #"4 spawn 8003 {"worker":0}"#,
            ])
    }

    @Test func malformedWorkerLinesAreSkippedWithTheirReason() throws {
        // Given a cut reap line, a spawn line without a time, and a [BUG] report before any timed line
        let sink = try parse(
            """
            /app/config.ru:8: [BUG] Segmentation fault at 0x0000000000005ffe
            ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux-gnu]
            I, [2026-12-06T09:00:00.000000 #100]  INFO -- : master process ready
            E, [2026-12-06T09:00:01.000000 #100] ERROR -- : reaped #<Process::Status: pi
            worker=0 spawned pid=4907
            """)
        // Then nothing is invented, and each is skipped saying what was missing
        #expect(sink.events.isEmpty)
        #expect(
            sink.skipped.map { "\($0.line) \($0.reason)" } == [
                "1 a [BUG] crash report before any timed line; its time is unknown",
                "4 a worker event without its pid (cut line?)",
                "5 " + Self.untimedReason,
            ])
    }

    static let untimedReason =
        "a worker event printed without a time (Puma's plain stdout has none): pass --at with when it was printed, "
        + "or give Puma a log_formatter that prints the time (log_formatter { |s| \"#{Time.now.utc.iso8601(3)} #{s}\" })"

    @Test(arguments: ["puma565_plain_stdout.log", "puma565_redirect_stdout.log", "puma565_single_stdout.log"])
    func pumasPlainStdoutIsAnAppServerLogNotKernelLines(file: String) throws {
        // Given Puma 5.6.5's own stdout, recorded: `[4456] - Worker 0 (PID: 4459) booted`, no time on the line
        let head = try Fixtures.lines("app-server/\(file)").map(\.text)
        // Then it is read as an app server's log; a `[4456]` pid is no dmesg time
        #expect(FormatRegistry.detect(head: head)?.name == "app-server")
        #expect(ArtifactFormat.detectKernelOOM(head: head) == 0)
    }

    @Test func pumasPlainStdoutWithoutATimeSkipsItsWorkerEventsSayingToPassAt() throws {
        // Given a real cluster's plain stdout: two boots, a timed-out worker, two respawns; no line has a time
        let sink = try Fixtures.parse("app-server/puma565_plain_stdout.log", as: .appServer)
        // Then no event is invented: each worker event is skipped, saying how to date it
        #expect(sink.events.isEmpty)
        #expect(sink.skipped.map(\.line) == [11, 12, 13, 14, 15])
        #expect(sink.skipped.allSatisfy { $0.reason == Self.untimedReason })
    }

    @Test func atDatesEveryWorkerEventOfPumasPlainStdout() throws {
        // Given the same stdout and --at
        let at = try #require(Timestamp.parseISO("2026-12-06T12:10:40Z"))
        let sink = try Fixtures.parse(
            "app-server/puma565_plain_stdout.log", as: .appServer,
            context: ParseContext(sourceName: "puma.stdout", at: at))
        // Then each worker event is dated --at and says so; the timed-out worker keeps its slot
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.allSatisfy { $0.ts == at })
        #expect(
            summary(sink.events) == [
                #"11 spawn 4459 {"worker":0,"dated_by":"--at"}"#, #"12 spawn 4461 {"worker":1,"dated_by":"--at"}"#,
                #"13 kill 4459 {"worker":0,"cause":"timeout","dated_by":"--at"}"#,
                #"14 spawn 4533 {"worker":0,"dated_by":"--at"}"#, #"15 spawn 4609 {"worker":0,"dated_by":"--at"}"#,
            ])
    }

    @Test func pumasStartupLineDatesTheBootAfterItAndNothingLater() throws {
        // Given stdout written through stdout_redirect: `=== puma startup: 2026-12-06 12:11:06 +0000 ===`, the
        // first boot of both workers, then worker 0 booted again after it was killed
        let sink = try Fixtures.parse("app-server/puma565_redirect_stdout.log", as: .appServer)
        // Then the first boots are dated by the startup line; the respawn, which came later, is not
        #expect(
            summary(sink.events) == [
                #"2 spawn 4783 {"worker":0,"dated_by":"puma startup"}"#,
                #"3 spawn 4785 {"worker":1,"dated_by":"puma startup"}"#,
            ])
        #expect(sink.events.allSatisfy { $0.ts.iso8601 == "2026-12-06T12:11:06.000Z" })
        #expect(sink.skipped.map(\.line) == [4])
        // And with --at, the respawn is dated --at
        let at = try #require(Timestamp.parseISO("2026-12-06T12:11:10Z"))
        let dated = try Fixtures.parse(
            "app-server/puma565_redirect_stdout.log", as: .appServer,
            context: ParseContext(sourceName: "puma.stdout", at: at))
        #expect(dated.events.map(\.ts.iso8601).last == "2026-12-06T12:11:10.000Z")
        #expect(dated.skipped.isEmpty)
    }

    @Test func aSingleModePumaHasNoWorkerEventsAndIngestSaysSo() throws {
        // Given Puma in single mode: its banner only
        let db = try MemlineDatabase.inMemory()
        let summary = try db.ingest(path: Fixtures.path("app-server/puma565_single_stdout.log"))
        // Then it is stored as an app-server log with no rows, and a warning quotes a line
        #expect(summary.format == "app-server")
        #expect(summary.rows == 0 && summary.skipped == 0)
        #expect(summary.warnings.first?.contains("Puma starting in single mode...") == true)
    }

    @Test func railsLogsWithWorkerKillerLinesStayRails() throws {
        // Given a Rails log (a worker killer's line alone does not make a master log)
        let rails = try Fixtures.lines("rails-log/select_rails_log_simple_rails7_tagged.log").prefix(50).map(\.text)
        #expect(ArtifactFormat.detectAppServer(head: Array(rails)) == 0)
    }

    @Test func gunicornsErrorLogGivesItsWorkersLivesAndWhyTheyWent() throws {
        // Given a real Gunicorn 21.2 error log: four sync workers recycled by max_requests, then a shutdown
        let path = "verdicts/h16-python-fernway-maxrequests-geocode-memo-beside-tiles/error.log"
        let lines = try Fixtures.lines(path).map(\.text)
        #expect(FormatRegistry.detect(head: Array(lines.prefix(50)))?.name == "app-server")
        let sink = try Fixtures.parse(path, as: .appServer)
        // Then each boot is a spawn, each recycle an exit whose cause is max_requests, and the banner makes no row
        #expect(sink.skipped.isEmpty)
        let spawned = sink.events.filter { $0.kind == "spawn" }.compactMap(\.pid)
        #expect(spawned == [8435, 8436, 8437, 8438, 9385, 9399, 9400, 9404])
        let recycled = sink.events.filter { $0.details == #"{"cause":"max_requests"}"# }
        #expect(recycled.map(\.pid) == [8436, 8438, 8435, 8437])
        #expect(recycled.allSatisfy { $0.kind == "exit" && $0.process == "gunicorn" })
        #expect(recycled.first?.ts.iso8601 == "2026-12-07T01:58:16.000Z")
        #expect(sink.events.filter { $0.kind == "exit" }.count == 8)
    }

    @Test func gunicornsTimeoutsKillsAndCrashesAreRead() throws {
        let sink = try parse(
            """
            [2026-12-07 02:10:00 +0100] [700] [CRITICAL] WORKER TIMEOUT (pid:712)
            [2026-12-07 02:10:01 +0100] [700] [ERROR] Worker (pid:712) was sent SIGKILL! Perhaps out of memory?
            [2026-12-07 02:10:02 +0100] [700] [ERROR] Worker (pid:713) exited with code 3
            """)
        #expect(
            summary(sink.events) == [
                #"1 kill 712 {"cause":"timeout"}"#, #"2 kill 712 {"signal":"SIGKILL","cause":"SIGKILL"}"#,
                #"3 crash 713 {"exit_status":3}"#,
            ])
        // The offset is read: 02:10 at +01:00 is 01:10 UTC
        #expect(sink.events.first?.ts.iso8601 == "2026-12-07T01:10:00.000Z")
    }
}
