import Foundation
import MemlineKit
import Testing

struct PapertrailArchiveTests {
    static let archive = "papertrail/2024-03-12-08.tsv.gz"

    @Test func detectsTheArchiveAndItsRealRowLayout() throws {
        let head = try Fixtures.lines(Self.archive).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "papertrail")
        // The layout of Papertrail's documentation example (generated_at with an offset).
        let documented =
            "50342052\t2011-02-10 00:19:36 -0800\t2011-02-10 00:19:36 -0800\t42424\tmysystem\t"
            + "208.122.34.202\tUser\tInfo\ttestprogram\tLorem ipsum dolor sit amet"
        #expect(FormatRegistry.detect(head: [documented])?.name == "papertrail")
    }

    @Test func herokuMessagesGoThroughTheHerokuStream() throws {
        let sink = try Fixtures.parse(Self.archive, as: .papertrail)
        // 5 requests, each Rails lines + router line joined into one row
        #expect(sink.requests.count == 5)
        #expect(sink.requests.allSatisfy { $0.action != nil && $0.bytes != nil })
        let sales = sink.requests.filter { $0.path == "/admin/reports/sales.csv" }
        #expect(sales.map(\.host) == ["web.2", "web.2"])
        #expect(sales.first?.tsStart == Timestamp.parseISO("2024-03-12T08:53:10Z"))
        #expect(sales.first?.durationMS == 7992)
        #expect(sink.rssSamples.map(\.rssKB) == [510_208, 524_288] as [Double])
        #expect(sink.rssSamples.last?.swapKB == 3584)
        #expect(sink.jobs.map(\.status) == ["done"])
        #expect(sink.jobs.first?.host == "worker.1")
    }

    @Test func eventsFromHerokuAppsAndOtherSystems() throws {
        let sink = try Fixtures.parse(Self.archive, as: .papertrail)
        #expect(sink.events.map(\.kind) == ["r14", "worker-killed", "enomem", "oom"])
        #expect(sink.events.map(\.host) == ["web.2", "web.1", "web.2", "db-1"])
        #expect(sink.events[0].details?.contains("\"mem_mb\":515,\"quota_pct\":100.7") == true)
        #expect(sink.events[1].pid == 13)
        #expect(sink.events[2].pid == 9)
        #expect(sink.events[2].ts == Timestamp.parseISO("2024-03-12T08:59:20Z"))
        // The kernel row's generated_at has an offset: `2024-03-12 08:59:30 +0000`.
        #expect(sink.events[3].ts == Timestamp.parseISO("2024-03-12T08:59:30Z"))
        #expect(sink.events[3].pid == 4242)
        #expect(sink.events[3].details?.contains("\"rss_kb\":1054720") == true)
    }

    @Test func malformedRowsAreSkippedWithTheReason() throws {
        let sink = try Fixtures.parse(Self.archive, as: .papertrail)
        #expect(sink.skipped.count == 1)
        #expect(sink.skipped.first?.line == 31)
        #expect(sink.skipped.first?.reason.hasPrefix("expected 10 tab-separated Papertrail fields") == true)
    }

    @Test func badTimesFallBackToReceivedAtThenSkip() throws {
        let text = """
            1\tnot-a-time\t2024-03-12T08:00:00Z\t1\tapp\t1.2.3.4\tLocal7\tInfo\theroku/web.1\tError R14 (Memory quota exceeded)
            2\tnope\tnope\t1\tapp\t1.2.3.4\tLocal7\tInfo\theroku/web.1\tError R14 (Memory quota exceeded)
            """
        let sink = RowCollector()
        var parser = ArtifactFormat.papertrail.makeParser(ParseContext(sourceName: "p.tsv"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        #expect(sink.events.map(\.ts) == [Timestamp.parseISO("2024-03-12T08:00:00Z")])
        #expect(sink.skipped.map(\.line) == [2])
    }
}
