import Foundation
import Testing

@testable import MemlineKit

/// Unicorn and Puma master logs: workers' lives as events tied to pid and slot.
struct AppServerLogTests {
    private func parse(_ text: String) throws -> RecordCollector {
        let sink = RecordCollector()
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
                "5 a worker event without a time; expected a Ruby Logger prefix",
            ])
    }

    @Test func railsLogsWithWorkerKillerLinesStayRails() throws {
        // Given a Rails log (a worker killer's line alone does not make a master log)
        let rails = try Fixtures.lines("rails-log/select_rails_log_simple_rails7_tagged.log").prefix(50).map(\.text)
        #expect(ArtifactFormat.detectAppServer(head: Array(rails)) == 0)
    }
}
