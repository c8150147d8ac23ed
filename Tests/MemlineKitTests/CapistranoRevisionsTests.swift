import Foundation
import Testing

@testable import MemlineKit

/// Capistrano's revisions.log: deploys at the time their release is named by.
struct CapistranoRevisionsTests {
    private let file = "verdicts/h13-unicorn-usr2-deploy-plant-search-memo-after-hup/revisions.log"

    @Test func aRecordedRevisionsLogIsDetectedAndEachDeployIsAnEventAtItsReleaseTime() throws {
        // Given the revisions.log of a recorded deploy
        #expect(FormatRegistry.detect(head: try Fixtures.lines(file).map(\.text))?.name == "capistrano-revisions")
        // When it is read
        let sink = try Fixtures.parse(file, as: .capistranoRevisions)
        // Then both lines are deploys at their releases' UTC times, with branch, revision and who
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["deploy", "deploy"])
        #expect(sink.events.map(\.ts.iso8601) == ["2026-12-06T19:29:54.000Z", "2026-12-06T22:30:40.000Z"])
        let details = try #require(sink.events.last?.details)
        #expect(details.contains(#""revision":"4c81e0a""#) && details.contains(#""user":"joel""#))
        #expect(details.contains(#""branch":"main""#) && details.contains(#""release":"20261206223040""#))
    }

    @Test func aRollbackLineIsSkippedBecauseItDoesNotSayWhen() throws {
        // Given a rollback line, a line of another shape and a release that is no date, CRLF-terminated
        let sink = RowCollector()
        var parser = ArtifactFormat.capistranoRevisions.makeParser(ParseContext(sourceName: "revisions.log"))
        try parser.parseAll(
            Line.lines(
                of: "ana rolled back to release 20261206192954\r\n"
                    + "Deployed something\r\n"
                    + "Branch main (at 9d04b7e) deployed as release 20261399999999 by ana\r\n"),
            into: sink)
        // Then nothing is invented: each is skipped with what to do or what was wrong
        #expect(sink.events.isEmpty)
        #expect(sink.skipped.map(\.line) == [1, 2, 3])
        #expect(sink.skipped[0].reason.contains("not when it happened"))
        #expect(sink.skipped[2].reason.contains("is not a date"))
    }
}
