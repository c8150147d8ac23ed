import Foundation
import Testing

@testable import MemlineKit

/// Change logs: a deploy script's own log and a feature-flag audit log (Flipper's line through Ruby's Logger),
/// written by the recorded Sidekiq incident's tools.
struct ChangeLogTests {
    private static let incident =
        "verdicts/h29-sidekiq-json-dunmere-ferry-manifest-audit-flag-beside-v3-14-deploy-fare-reconcile"

    private func parse(_ text: String, zone: ZoneRule = .utc) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.changeLog.makeParser(ParseContext(sourceName: "changes.log", zone: zone))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func aDeployScriptsLogIsReadAsDeploysAtTheirTimes() throws {
        // Given a deploy script's `2026-12-07 18:08:53 UTC deploy …` lines
        let path = "\(Self.incident)/deploy.log"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.changeLog.name)
        let sink = try Fixtures.parse(path, as: .changeLog)
        // Then each line is a deploy at its UTC time, nothing skipped
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["deploy", "deploy", "deploy", "deploy"])
        #expect(sink.events[1].ts.iso8601 == "2026-12-07T18:08:53.000Z")
        #expect(sink.events[1].message.hasPrefix("deploy dunmere-jobs v3.14.0 (c5e0b38)"))
    }

    @Test func aFeatureFlagEnabledInRubysLoggerIsAChange() throws {
        // Given Flipper's audit line through Ruby's Logger, after the Logger's `# Logfile created` comment
        let path = "\(Self.incident)/flipper.log"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.changeLog.name)
        let sink = try Fixtures.parse(path, as: .changeLog)
        // Then the flag's enabling is one change at its time, naming the flag
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["change"])
        #expect(sink.events.first?.ts.iso8601 == "2026-12-07T18:09:13.859Z")
        #expect(sink.events.first?.message.contains("feature=manifest_audit_trail operation=enable") == true)
    }

    @Test func aLevelBeforeABracketedTimeAndAFlagTurnedToItsOppositeAreRead() throws {
        // Given a deploy script's ` INFO [time] …` lines naming the release late in the line, and a flag's flip
        let sink = try parse(
            """
             INFO [2026-12-07 21:12:46] fellgate v4.2.0 (f83b1e4) -> fv-app-1 release 20261207211246, unicorn restarted
            2026-12-08 07:50:18 +1030 flags: audit.capture_bodies false -> true (ticket SEC-1182, by m.ward)
            """)
        // Then a deploy and a change, each at its time
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["deploy", "change"])
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-07T21:12:46.000Z", "2026-12-07T21:20:18.000Z"])
    }

    @Test func bracketedAndRFC2822TimesAndContinuationLinesAreRead() throws {
        // Given a bracketed ISO time, a `date -R` time in the log's own offset, a wrapped line and a stray one
        let sink = try parse(
            """
            [2026-12-07 10:58:31] release v42 to web-1 - migrations:
              add_index orders(created_at)
            Mon, 07 Dec 2026 23:26:40 +0530 | restarted hexmoor
            restarted by hand
            """)
        // Then two events at UTC, the first with its wrapped line, and the stray line skipped with the reason
        #expect(sink.events.map(\.kind) == ["deploy", "restart"])
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-07T10:58:31.000Z", "2026-12-07T17:56:40.000Z"])
        #expect(sink.events.first?.message == "release v42 to web-1 - migrations: add_index orders(created_at)")
        #expect(sink.skipped.map(\.line) == [4])
    }

    @Test(arguments: [
        [
            "2026-12-07 15:02:50,606 INFO [app-1] pid=20778 orrisbeck: GET /api/quotes/442946 status=200",
            "2026-12-07 15:02:50,772 INFO [app-1] pid=20778 orrisbeck: GET /api/quotes/233153 status=200",
        ],
        ["2026-12-07", "deploy v1 finished"],
        [
            "2026-12-07T18:09:13Z worker started", "2026-12-07T18:09:14Z job done", "2026-12-07T18:09:15Z job done",
        ],
    ])
    func aLogMostlyOfOtherLinesIsNoChangeLog(head: [String]) {
        #expect(ArtifactFormat.detectChangeLog(head: head) == 0)
    }
}
