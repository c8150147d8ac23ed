import Foundation
import Testing

@testable import MemlineKit

/// A registered Erlang process that climbs in life after life, killed at the top, against one that warms up.
struct KilledLivesTests {
    private func life(_ pid: String, _ mb: [Double]) -> RegisteredLives.Life {
        RegisteredLives.Life(
            pid: pid,
            samples: mb.enumerated().map { i, v in
                RegisteredLives.Sample(ms: Int64(i) * 2000, kb: v * 1024, artifactID: 1, line: i + 1)
            })
    }

    @Test func aProcessKilledAtTheTopOfEachClimbClimbsLifeAfterLife() {
        // Given a journal that climbs in steps to 6.5 MB, is killed and restarted, twice, and climbs again
        let climbs = [0.36, 0.7, 2.1, 2.1, 2.1, 2.5, 5.6, 5.6, 5.6, 6.5, 6.5]
        let p = RegisteredLives(
            host: "node@a", name: "route_lock_journal",
            lives: [life("<0.92.0>", climbs), life("<0.95.0>", climbs), life("<0.96.0>", [0.36, 0.7, 2.1, 2.5])])
        // Then every life climbed, and what they climbed is the growth to explain
        let t = AnalysisThresholds()
        #expect(p.lives.allSatisfy { $0.climbed(t) })
        #expect(p.climbsLifeAfterLife(t))
        #expect(abs(p.climbedKB(t) - (6.14 * 2 + 2.14) * 1024) < 1)
    }

    @Test func aProcessThatFillsItsTableAfterEachRestartAndHoldsItDoesNot() {
        // Given a process restarted twice that loads 8 MB in its first samples, then holds it
        let loads = [0.4, 8.0, 8.1, 8.1, 8.1, 8.1, 8.1, 8.1]
        let p = RegisteredLives(
            host: nil, name: "interlocking_map",
            lives: [life("<0.91.0>", loads), life("<0.97.0>", loads), life("<0.99.0>", loads)])
        // Then no life climbed to its end: it warmed up and levelled off
        #expect(!p.climbsLifeAfterLife(AnalysisThresholds()))
    }

    @Test func oneLifeThatClimbedIsNotEnough() {
        // Given a process that climbed once, then was restarted and stayed small
        let p = RegisteredLives(
            host: nil, name: "feed",
            lives: [life("<0.90.0>", [0.5, 2, 4, 6, 8]), life("<0.93.0>", [0.5, 0.5, 0.6, 0.5])])
        // Then it is no leak held back by restarts
        #expect(!p.climbsLifeAfterLife(AnalysisThresholds()))
    }

    @Test func aRestartedNodeThatReusesThePidStartsANewLife() throws {
        // Given a journal <0.92.0> that climbs to 6 MB, then a restarted node whose <0.92.0> climbs again: the same
        // pid, its reductions (counted from its start) falling at the restart
        let db = try MemlineDatabase.inMemory()
        let samples = [
            (0, 0.4, 1000), (2, 2.0, 5000), (4, 4.0, 9000), (6, 6.0, 13000),
            (8, 0.4, 900), (10, 2.0, 5100), (12, 4.0, 9200), (14, 6.0, 13300),
        ]
        let lines = samples.map { s, mb, reductions in
            #"{"ts":"2026-12-07T01:20:\#(String(format: "%02d", s))Z","node":"n@h","pid":"<0.92.0>","#
                + #""registered_name":"journal","memory":\#(Int(mb * 1_048_576)),"reductions":\#(reductions)}"#
        }
        try Fixtures.ingest(lines, named: "reused-journal.jsonl", into: db)
        // Then it has two lives of four samples, each climbed, the first cut off at its top: a leak restarts give back
        let lives = try db.read { try SuspectBuilder.registeredLives($0) }
        let journal = try #require(lives.first { $0.name == "journal" })
        #expect(journal.lives.map(\.samples.count) == [4, 4])
        #expect(journal.lives.map(\.life) == [0, 1])
        #expect(journal.climbsLifeAfterLife(AnalysisThresholds()))
    }
}
