import Foundation
import Testing

@testable import MemlineKit

/// Service logs in syslog's layouts: the operations they record become events, the chatter is left out.
struct SyslogEventsTests {
    private let folder = "verdicts/h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron"

    @Test func aDeployScriptsLogIsDeployEventsAtItsOwnOffset() throws {
        // Given a deploy script's `TIME deploy[PID]: message` log, which a Heroku log resembles
        let file = "\(folder)/deploy.log"
        #expect(FormatRegistry.detect(head: try Fixtures.lines(file).map(\.text))?.name == "syslog-events")
        // When it is read
        let sink = try Fixtures.parse(file, as: .syslogEvents)
        // Then every line is part of the deploy, at its printed offset, with the script's pid
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["deploy", "deploy", "deploy", "deploy"])
        #expect(sink.events.first?.ts.iso8601 == "2026-12-07T08:40:20.512Z")
        #expect(sink.events.first?.pid == 3407)
        #expect(sink.events.last?.message == "tallowmere 2.4.0 deployed")
    }

    @Test func cronLinesAreCronEventsWithTheirCommand() throws {
        // Given rsyslog's high-precision lines of cron running a job
        let sink = try Fixtures.parse("\(folder)/syslog", as: .syslogEvents)
        // Then each run is a cron event on its host, the command in its details
        #expect(sink.events.map(\.kind) == ["cron", "cron"])
        #expect(sink.events.map(\.host) == ["claims-node-3", "claims-node-3"])
        #expect(sink.events.first?.process == "CRON")
        #expect(sink.events.first?.details?.contains(#""command":"curl -fsS -X POST"#) == true)
    }

    @Test func systemdUnitOperationsAreEventsAndChatterIsLeftOut() throws {
        // Given journalctl's short and short-precise lines of a unit killed by the OOM killer and restarted, CRLF
        let text =
            "Dec  7 05:39:57 vm systemd[1]: Started tallowmere.service - Tallowmere claims.\r\n"
            + "Dec  7 05:41:57.123456 vm systemd[1]: tallowmere.service: Main process exited, code=killed, "
            + "status=9/KILL\r\n"
            + "Dec  7 05:41:57.124 vm systemd[1]: tallowmere.service: Failed with result 'oom-kill'.\r\n"
            + "Dec  7 05:42:03 vm systemd[1]: tallowmere.service: Scheduled restart job, restart counter is at 1.\r\n"
            + "Dec  7 05:42:03 vm sshd[812]: Accepted publickey for ops from 10.0.0.5 port 51234\r\n"
            + "Dec  7 05:42:09 vm ops[901]: restarted sidekiq after the alert\r\n"
            + "this line is not syslog\r\n"
        let sink = RowCollector()
        let context = ParseContext(
            sourceName: "syslog", zone: ZoneRule(parsing: "-03:00") ?? .utc,
            modified: Timestamp.parseISO("2026-12-08T00:00:00Z"))
        var parser = ArtifactFormat.syslogEvents.makeParser(context)
        try parser.parseAll(Line.lines(of: text), into: sink)
        // Then the unit's start, exit, OOM kill and restart are events in the file's year, read at --tz
        #expect(sink.events.map(\.kind) == ["start", "exit", "oom", "restart", "restart"])
        #expect(sink.events.first?.ts.iso8601 == "2026-12-07T08:39:57.000Z")
        #expect(sink.events[1].ts.iso8601 == "2026-12-07T08:41:57.123Z")
        #expect(sink.events.prefix(4).allSatisfy { $0.process == "tallowmere.service" && $0.host == "vm" })
        // And sshd's login is chatter, left out; the line of another layout is skipped with the layout expected
        #expect(sink.skipped.map(\.line) == [7])
        #expect(sink.skipped.first?.reason.contains("PROGRAM[PID]: MESSAGE") == true)
    }

    @Test func kernelLinesStayWithTheKernelOOMFormat() throws {
        // Given journalctl -k's lines (the kernel-oom format reads them)
        let head = try Fixtures.lines("kernel/kernel_oom_memcg_v1_journalctl_k_short_iso.txt").prefix(50).map(\.text)
        // Then they are not taken for service events
        #expect(ArtifactFormat.detectSyslogEvents(head: head) == 0)
    }
}
