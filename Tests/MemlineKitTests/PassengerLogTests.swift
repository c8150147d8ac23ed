import Foundation
import Testing

@testable import MemlineKit

/// Phusion Passenger's log, recorded with Debian's Passenger 6.0.17 under Apache (Fixtures/passenger/record).
struct PassengerLogTests {
    static let errorLog = "passenger/passenger6017_apache_error.log"
    static let debugLog = "passenger/passenger6017_debug.log.gz"

    private func summary(_ events: [Event]) -> [String] {
        events.map { "\($0.line) \($0.kind) \($0.pid.map(String.init) ?? "-") \($0.details ?? "")" }
    }

    @Test(arguments: [errorLog, debugLog])
    func passengersLogIsDetectedAmongTheWebServersLines(file: String) throws {
        // Given Passenger's lines in Apache's error log, and its own debug log
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        // Then it is read as Passenger's log
        #expect(FormatRegistry.detect(head: Array(head))?.name == "passenger")
    }

    @Test func processesGoneRecycledAndOutOfMemoryAreEventsWithTheirPid() throws {
        // Given Passenger at its default log level in Apache's error log: a request that ran out of memory, a
        // process that exited on its own, one killed with SIGKILL, processes recycled after 6 requests, a restart
        let sink = try Fixtures.parse(Self.errorLog, as: .passenger)

        // Then the memory error is an event of the process that printed it, at the time it printed
        #expect(sink.skipped.isEmpty)
        let enomem = try #require(sink.events.first)
        #expect(enomem.kind == "enomem" && enomem.pid == 25557)
        #expect(enomem.ts.iso8601 == "2026-12-06T12:23:36.928Z")
        // And each process that left the pool is one event: gone (crash) or detached (exit), never twice
        let group = #""group":"/srv/app (production)""#
        #expect(
            summary(Array(sink.events.dropFirst())) == [
                "29 exit 25557 {\(group),\"level\":\"N\"}",
                "32 crash 25577 {\(group),\"cause\":\"gone\",\"level\":\"W\"}",
                "33 crash 25608 {\(group),\"cause\":\"gone\",\"level\":\"W\"}",
                "36 exit 25643 {\(group),\"level\":\"N\"}",
                "37 exit 25661 {\(group),\"level\":\"N\"}",
                "38 exit 25716 {\(group),\"level\":\"N\"}",
                "43 exit 25875 {\(group),\"level\":\"N\"}",
                "44 exit 25893 {\(group),\"level\":\"N\"}",
            ])
        #expect(sink.events.allSatisfy { $0.process == "passenger" || $0.kind == "enomem" })
    }

    @Test func theDebugLevelAddsEachSpawnedProcessAndThePreloader() throws {
        // Given Passenger at log level 5: `Attaching process (pid=…)`, `Preloader for … started on PID …`
        let sink = try Fixtures.parse(Self.debugLog, as: .passenger)

        // Then every process has its spawn, and its departure once
        #expect(sink.skipped.isEmpty)
        let spawns = sink.events.filter { $0.kind == "spawn" }
        #expect(spawns.compactMap(\.pid) == [22303, 22373, 22392, 22468, 22486, 22517, 22591, 22632, 22650])
        #expect(spawns.first?.details == #"{"group":"/srv/app","role":"preloader","level":"I"}"#)
        let ended = sink.events.filter { $0.kind != "spawn" }
        #expect(ended.map(\.kind) == ["crash", "crash", "exit", "exit", "exit", "exit", "exit"])
        #expect(ended.compactMap(\.pid) == [22373, 22392, 22468, 22486, 22517, 22632, 22650])
    }

    @Test(arguments: [
        "App output: x", "App  output: ", "App 99999999999999999999999 output: NoMemoryError", "[ ]: ", "[ N ]: x",
    ])
    func linesThatOnlyLookLikePassengersAreNoRows(text: String) throws {
        // Given a line cut or shaped like Passenger's but not one
        let sink = RowCollector()
        var parser = ArtifactFormat.passenger.makeParser(ParseContext(sourceName: "passenger.log"))
        // When it is read, Then it makes no row and does not trap
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.events.isEmpty)
    }

    @Test func cutLinesAndUntimedOutputAreSkippedWithTheirReason() throws {
        // Given a cut process line, and an app's memory error before any timed line
        let sink = RowCollector()
        var parser = ArtifactFormat.passenger.makeParser(ParseContext(sourceName: "passenger.log"))
        try parser.parseAll(
            Line.lines(
                of: """
                    App 4321 output: Errno::ENOMEM (Cannot allocate memory - fork(2))
                    [ D 2026-12-06 12:23:15.0143 23879/Tf age/Cor/App/Gro/ProcessListManagement.cpp:425 ]: Attaching process (pid=
                    [ N 2026-12-06 12:23:16.0000 23879/T3 age/Cor/CoreMain.cpp:1146 ]: Checking whether to disconnect long-running connections for process 4321, application /srv/app (production)
                    App 4322 output: Errno::ENOMEM (Cannot allocate memory - fork(2))
                    """), into: sink)
        // Then nothing is invented: the first two are skipped saying why; the later error is dated by the line before
        #expect(
            sink.skipped.map { "\($0.line) \($0.reason)" } == [
                "1 an application's output before any timed Passenger line; its time is unknown",
                "2 a Passenger process event without its pid (cut line?)",
            ])
        #expect(summary(sink.events).last == #"4 enomem 4322 {"error":"Errno::ENOMEM","dated_by":"line before"}"#)
    }
}
