import Foundation
import Testing

@testable import MemlineKit

struct RequestRSSTests {
    private let shanghai = ParseContext(sourceName: "performance.log", zone: ZoneRule(parsing: "Asia/Shanghai") ?? .utc)

    @Test func readsEveryWorkerOfARotatedDayAndSkipsTheGarbageLine() throws {
        // Given the rotated file the seed's filter wrote from 3 unicorn workers (first version: `Now: 11760KB`)
        let sink = try Fixtures.parse("request-rss/performance.log-20170727", as: .requestRSS, context: shanghai)
        // Then every CONSUME line is one per-request row and one RSS sample of its worker
        #expect(sink.requestMemory.count == 30)
        #expect(sink.rssSamples.count == 30)
        let perPID = Dictionary(grouping: sink.requestMemory, by: { $0.pid ?? 0 }).mapValues(\.count)
        #expect(perPID == [22667: 10, 22668: 10, 22669: 10])
        // And the Logger header is not an error, the line appended by hand is
        #expect(sink.skipped.map(\.line) == [16])
        #expect(sink.skipped.first?.reason.contains("expected a Ruby Logger line") == true)
        // And a negative delta (a cache dropped) is kept with its sign, the local time read in Asia/Shanghai
        let drop = try #require(sink.requestMemory.first { $0.line == 4 })
        #expect(
            drop
                == RequestMemory(
                    line: 4, ts: try #require(Timestamp.parseISO("2017-07-26T22:01:13.542Z")), pid: 22669,
                    url: "https://my_target_api/admin/cache/clear", path: "/admin/cache/clear",
                    endpoint: "/admin/cache/clear",
                    deltaKB: -29300, rssKB: 11760))
        let sample = try #require(sink.rssSamples.first { $0.line == 4 })
        #expect(sample.pid == 22669 && sample.rssKB == 11760 && sample.process == nil && sample.ts == drop.ts)
        let report = try #require(sink.requestMemory.first { $0.line == 17 })
        #expect(report.url == "https://my_target_api/reports/3402?x=1")
        #expect(report.path == "/reports/3402" && report.endpoint == "/reports/:id")
        #expect(report.deltaKB == 10336 && report.rssKB == 52340 && report.pid == 22667)
        let root = try #require(sink.requestMemory.first { $0.line == 7 })
        #expect(root.url == "https://my_target_api" && root.path == "/" && root.endpoint == "/")
        let export = try #require(sink.requestMemory.first { $0.line == 3 })
        #expect(export.endpoint == "/exports/:uuid")
    }

    @Test func gzipAndCRLFCopiesGiveTheSameRows() throws {
        let plain = try Fixtures.parse("request-rss/performance.log-20170727", as: .requestRSS, context: shanghai)
        let gz = try Fixtures.parse("request-rss/performance.log-20170727.gz", as: .requestRSS, context: shanghai)
        let crlf = try Fixtures.parse("request-rss/performance_crlf.log", as: .requestRSS, context: shanghai)
        #expect(gz.records == plain.records)
        #expect(crlf.records == plain.records)
        #expect(crlf.requestMemory.allSatisfy { !$0.url.hasSuffix("\r") })
        #expect(gz.skipped.map(\.line) == [16] && crlf.skipped.map(\.line) == [16])
    }

    @Test func readsTheSeedsSpacedFormatAndSkipsTheCutLastLine() throws {
        // Given today's file (the seed's code: `Now: 61200 KB`), cut inside its last line
        let sink = try Fixtures.parse("request-rss/performance.log", as: .requestRSS, context: shanghai)
        #expect(sink.requestMemory.count == 17)
        #expect(Set(sink.requestMemory.compactMap(\.pid)) == [22671, 22672, 22673])
        let first = try #require(sink.requestMemory.first)
        #expect(first.line == 2 && first.deltaKB == 2932 && first.rssKB == 44056 && first.endpoint == "/exports/:uuid")
        #expect(first.ts.iso8601 == "2017-07-27T02:02:23.959Z")
        // Then the cut line is skipped with what was expected
        #expect(sink.skipped.map(\.line) == [19])
        #expect(sink.skipped.first?.reason.contains("Now:") == true)
    }

    @Test func readsBothSeedSpellingsAndRejectsBrokenLines() throws {
        let text = """
            I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : CONSUME MEMORY: 79560KB\tNow: 758640KB\thttps://my_target_api
            I, [2017-07-26T10:00:02.000001 #7552]  INFO -- : CONSUME MEMORY: 0KB\tNow: 210952 KB\thttps://my_target_api
            I, [2017-07-26T10:00:03.000001 #7553]  INFO -- : CONSUME MEMORY: -512KB    Now: 1000 KB    /users/12/edit?a=1
            I, [2017-07-26T10:00:04.000001 #7551]  INFO -- : Rack::Timeout something else entirely
            I, [2017-07-26T10:00:05.000001 #7551]  INFO -- : CONSUME MEMORY: KB\tNow: 1 KB\thttps://x/y
            I, [2017-07-26T10:00:06.000001 #7551]  INFO -- : CONSUME MEMORY: 12KB\tNow: 1 KB\t
            CONSUME MEMORY: 12KB\tNow: 1 KB\thttps://x/no-time

            """
        let sink = RowCollector()
        var parser = ArtifactFormat.requestRSS.makeParser(ParseContext(sourceName: "inline"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.requestMemory.map(\.rssKB) == [758640, 210952, 1000])
        #expect(sink.requestMemory.map(\.deltaKB) == [79560, 0, -512])
        #expect(sink.requestMemory.map(\.endpoint) == ["/", "/", "/users/:id/edit"])
        #expect(sink.requestMemory[0].ts.iso8601 == "2017-07-26T10:00:01.123Z")
        #expect(sink.skipped.map(\.line) == [5, 6, 7])
        #expect(sink.skipped[0].reason.contains("RSS change"))
        #expect(sink.skipped[1].reason.contains("URL"))
        #expect(sink.skipped[2].reason.contains("no time"))
    }

    @Test func aPerRequestLineWithADamagedMarkerIsCountedNotDropped() throws {
        // Given a per-request line whose marker was damaged (a flipped byte) beside other Logger messages
        let text = """
            I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : CONSUME MEMORY: 12KB\tNow: 758640KB\thttps://x/a
            I, [2017-07-26T10:00:02.000001 #7551]  INFO -- : CONSUME MEMXRY: 16528KB\tNow: 211704 KB\thttps://x/b
            I, [2017-07-26T10:00:03.000001 #7551]  INFO -- : Completed 200 OK in 12ms, Now: idle

            """
        let sink = RowCollector()
        var parser = ArtifactFormat.requestRSS.makeParser(ParseContext(sourceName: "inline"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        // Then the damaged line is a skipped line with its reason, and the other message is not an error
        #expect(sink.requestMemory.map(\.line) == [1])
        #expect(sink.skipped.map(\.line) == [2])
        #expect(sink.skipped.first?.reason.contains("marker is damaged") == true)
    }

    @Test func detectsRotatedAndRailsLogsByContent() throws {
        let rotated = try Fixtures.lines("request-rss/performance.log-20170727.gz").prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: rotated)?.name == "request-rss")
        let rails = try Fixtures.lines("rails-log/select_rails_log_simple_rails7_tagged.log").prefix(50).map(\.text)
        #expect(ArtifactFormat.requestRSS.detect(rails) == 0)
        #expect(FormatRegistry.detect(head: rails)?.name == "rails")
        // The Ruby code that writes such lines is not such a file
        let source = #"logger.info("CONSUME MEMORY: #{after - before}KB\tNow: #{after} KB\t#{request.url}")"#
        #expect(ArtifactFormat.requestRSS.detect([source]) == 0)
        // A Rails log the filter also writes to goes to the Rails parser, which reads both.
        #expect(FormatRegistry.detect(head: rails + rotated)?.name == "rails")
    }
}
