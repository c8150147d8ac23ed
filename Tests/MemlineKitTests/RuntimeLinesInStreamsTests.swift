import Foundation
import Testing

@testable import MemlineKit

/// App-server and Erlang/Elixir logger lines carried by a Heroku or Papertrail stream become the events their own
/// parsers make (Fixtures/heroku/make_runtime_lines.py stamps real recordings as `heroku logs` prints them).
struct RuntimeLinesInStreamsTests {
    static let stream = "heroku/runtime_lines.log"

    /// What an event says, without where it was read.
    private func facts(_ events: [Event]) -> [String] {
        events.map { event in
            var details = event.details ?? ""
            details = details.replacingOccurrences(of: #","dated_by":"--at""#, with: "")
            details = details.replacingOccurrences(of: #"{"dated_by":"--at"}"#, with: "")
            return
                "\(event.ts.iso8601) \(event.kind) \(event.pid.map(String.init) ?? "-") \(event.process ?? "-") \(details)"
        }
    }

    private func standalone(_ lines: [Line], as format: ArtifactFormat, at: Timestamp? = nil) throws -> [Event] {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: "standalone.log", at: at))
        try parser.parseAll(lines, into: sink)
        return sink.events
    }

    @Test func unicornsMasterLinesOnADynoAreItsWorkerEvents() throws {
        // Given Unicorn's stderr on web.1, and the same lines read as an app-server log
        let sink = try Fixtures.parse(Self.stream, as: .heroku)
        let picked = try Fixtures.lines("app-server/unicorn6_stderr.log").filter {
            (1...36).contains($0.number) || (477...486).contains($0.number)
        }
        let own = try standalone(picked, as: .appServer)

        // Then web.1's events are those, worker slots and killers included
        let web1 = sink.events.filter { $0.host == "web.1" }
        #expect(facts(web1) == facts(own))
        #expect(web1.filter { $0.kind == "spawn" }.count == 6)
        #expect(
            web1.filter { $0.kind == "worker-killed" }.map(\.details).allSatisfy { $0?.contains("\"worker\":") == true }
        )
    }

    @Test func pumasPlainStdoutOnADynoIsTimedByTheStream() throws {
        // Given Puma's plain stdout on web.2 (no time of its own; the stream stamps each line)
        let sink = try Fixtures.parse(Self.stream, as: .heroku)
        let at = try #require(Timestamp.parseISO("2026-12-06T12:10:41Z"))
        let own = try standalone(try Fixtures.lines("app-server/puma565_plain_stdout.log"), as: .appServer, at: at)

        // Then its boots and the timed-out worker are events at the stream's times, as the app-server reader makes them
        let web2 = sink.events.filter { $0.host == "web.2" && $0.process == "puma" }
        #expect(web2.map(\.kind) == own.map(\.kind))
        #expect(web2.map(\.pid) == own.map(\.pid))
        #expect(
            web2.map(\.ts.iso8601) == [
                "2026-12-06T12:10:41.200Z", "2026-12-06T12:10:41.300Z", "2026-12-06T12:10:52.000Z",
                "2026-12-06T12:10:52.100Z", "2026-12-06T12:10:57.000Z",
            ])
        #expect(
            web2.map(\.details) == own.map { $0.details?.replacingOccurrences(of: #","dated_by":"--at""#, with: "") })
    }

    @Test func elixirLoggerReportsOnADynoAreCrashRestartAndDeployEvents() throws {
        // Given Elixir's console Logger on web.3 (time of day only; multi-line reports, one stream line each)
        let sink = try Fixtures.parse(Self.stream, as: .heroku)
        let day = try #require(Timestamp.parseISO("2026-12-06T00:00:00Z"))
        let own = try standalone(
            try Fixtures.lines("erlang-logger/elixir114_console_sasl.log"), as: .erlangLogger, at: day)

        // Then web.3's events are the logger reader's: the supervisor's crash and restart, the GenServer's crash,
        // the deploy, at the same times
        let web3 = sink.events.filter { $0.host == "web.3" }
        #expect(facts(web3) == facts(own))
        #expect(Set(web3.map(\.kind)).isSuperset(of: ["crash", "restart", "deploy"]))
    }

    @Test func theDynoManagersCrashRestartAndTheReleaseAreEventsToo() throws {
        let sink = try Fixtures.parse(Self.stream, as: .heroku)
        let platform = sink.events.filter { $0.process == "heroku" || $0.process == "api" }
        #expect(platform.map(\.kind) == ["crash", "release", "restart"])
        #expect(platform.first?.host == "web.2")
    }

    @Test func aPapertrailArchiveOfAPlainServerCarriesTheSameEvents() throws {
        // Given the web.1 and web.3 lines as Papertrail rows of plain servers (program unicorn and beam.smp)
        var rows: [String] = []
        for line in try Fixtures.lines(Self.stream) {
            guard let prefix = line.text.firstRange(of: "+00:00 app[web.") else { continue }
            let dyno = line.text[prefix.upperBound...].prefix { $0 != "]" }
            guard dyno == "1" || dyno == "3" else { continue }
            let time = line.text[..<prefix.lowerBound].prefix(19)
            let message = line.text[line.text.index(prefix.upperBound, offsetBy: 4)...]
            let (system, program) = dyno == "1" ? ("app-1", "unicorn") : ("beam-1", "beam.smp")
            rows.append(
                "\(rows.count + 1)\t\(time)\t\(time)Z\t1\t\(system)\t192.0.2.10\tLocal7\tInfo\t\(program)\t\(message)")
        }
        let sink = RowCollector()
        var parser = ArtifactFormat.papertrail.makeParser(ParseContext(sourceName: "2026-12-06-09.tsv"))
        try parser.parseAll(Line.lines(of: rows.joined(separator: "\n")), into: sink)
        let heroku = try Fixtures.parse(Self.stream, as: .heroku)

        // Then each system's events are the dyno's, kind for kind and pid for pid, with the system as host
        let unicorn = sink.events.filter { $0.host == "app-1" }
        #expect(unicorn.map(\.kind) == heroku.events.filter { $0.host == "web.1" }.map(\.kind))
        #expect(unicorn.map(\.pid) == heroku.events.filter { $0.host == "web.1" }.map(\.pid))
        let beam = sink.events.filter { $0.host == "beam-1" }
        #expect(beam.map(\.kind) == heroku.events.filter { $0.host == "web.3" }.map(\.kind))
    }
}
