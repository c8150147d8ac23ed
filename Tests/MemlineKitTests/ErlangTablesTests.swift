import Testing

@testable import MemlineKit

/// ETS tables live outside every process's heap: `ets:info/1` of each table is read as a sample of its own.
struct ErlangTablesTests {
    private let path = "verdicts/h17-beam-voltmere-quote-memo-ets-beside-outbox-config/ets.log"

    @Test func etsInfoOfEveryTableIsASampleOfItsOwnWithItsOwner() throws {
        // Given a probe's ets:info/1 of every table, 26 times, each after a %% line with its time
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == "erlang-processes")
        let sink = try Fixtures.parse(path, as: .erlangProcesses)
        // Then every table is a sample, named ets:NAME, its memory in bytes (words × 8), its owner kept
        #expect(sink.skipped.isEmpty)
        let memo = sink.processSamples.filter { $0.registeredName == "ets:quote_memo" }
        #expect(memo.count == 25)
        #expect(memo.first?.memory == 1_308_384)
        #expect(memo.last?.memory == 32_518_208)
        #expect(memo.first?.initialCall == "ets table owned by <0.86.0>")
        #expect(sink.processSamples.filter { $0.registeredName == "ets:code" }.count == 26)
    }

    @Test func aTableListingPrintedByAComprehensionIsOneSamplePerTable() throws {
        // Given a remote shell probe typing `[{T, ets:info(T, size), ets:info(T, memory)} || T <- ets:all(), …].`
        let probe =
            "verdicts/h28-beam-ropewalk-flag-hold-ledger-ets-beside-manifest-garbage-blamed-release/remsh-probe.txt"
        let sink = try Fixtures.parse(probe, as: .erlangProcesses)
        // Then each table of each listing is a sample, its memory the third column's words
        let audit = sink.processSamples.filter { $0.registeredName == "ets:hold_ledger_audit" }
        #expect(audit.count == 16)
        #expect(audit.first?.memory == 139 * 8)
        #expect(audit.last?.memory == 1_932_779 * 8)
        #expect(audit.allSatisfy { $0.status == "ets" })
        // And the comprehension is a call, not an unreadable term
        #expect(!sink.skipped.contains { $0.reason.contains("unreadable term") })
        #expect(
            ProcessSnapshotParser.tableColumns("[{T, ets:info(T, memory)} || T <- ets:all()].") == ["name", "memory"])
        #expect(ProcessSnapshotParser.tableColumns("[{T, ets:info(T, size)} || T <- ets:all()].") == nil)
    }

    @Test func aNodeNameWrittenWithoutQuotesIsOneAtom() throws {
        // Given a node name whose host has a dash, printed without the quotes ~p would give it
        var reader = ErlangTermReader(dialect: .erlang)
        let terms = try reader.feed("[{node,voltmere@cpo-node-3},{size,3}]", line: 1)
        // Then it reads as one atom, and the term as a whole
        #expect(terms.first?.term.value(for: "node")?.atomValue == "voltmere@cpo-node-3")
        #expect(terms.first?.term.value(for: "size")?.intValue == 3)
    }

    @Test func aGrowingTableIsNamedWithItsOwner() throws {
        // Given the whole incident: process samples, erlang:memory, the tables, pidstat
        let db = try MemlineDatabase.inMemory()
        let folder = Fixtures.path("verdicts/h17-beam-voltmere-quote-memo-ets-beside-outbox-config")
        for file in try ArtifactPaths.expand(folder) where file.hasSuffix(".log") || file.hasSuffix(".txt") {
            _ = try db.ingest(path: file)
        }
        // When the analysis runs
        _ = try Analysis.run(on: db)
        // Then the table leads, named with its owner by pid and name: its owner's own memory stays small
        let first = try #require(try db.suspects().first)
        #expect(first.name == "ets:quote_memo owned by quote_ledger <0.86.0>")
        #expect(first.reason.contains("an ETS table owned by <0.86.0> (quote_ledger)"))
    }
}
