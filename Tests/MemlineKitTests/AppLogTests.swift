import Foundation
import Testing

@testable import MemlineKit

/// An app's own log whose lines report requests and memory stats in words: the Python workers' `logging` output of
/// a recorded incident, and the shapes other services print.
struct AppLogTests {
    private static let worker =
        "verdicts/h29-python-orrisbeck-tenant-override-rules-app-1-beside-inventory-report-product-lru/app-1.log.gz"

    private func parse(_ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.appLog.makeParser(ParseContext(sourceName: "app.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func pythonLoggingLinesGiveRequestsAndTheWorkersMemoryStats() throws {
        // Given a gunicorn-style worker's `logging` lines (comma before the milliseconds) with memstats JSON
        let head = try Fixtures.lines(Self.worker).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.appLog.name)
        let sink = try Fixtures.parse(Self.worker, as: .appLog)
        // Then every request line is a request of that worker's pid, and every memstats line an RSS sample
        #expect(sink.skipped.isEmpty)
        #expect(sink.requests.count == 2762)
        let first = try #require(sink.requests.first)
        #expect(first.method == "GET")
        #expect(first.path == "/api/quotes/442946")
        #expect(first.endpoint == "/api/quotes/:id")
        #expect(first.status == 200)
        #expect(first.durationMS == 0.5)
        #expect(first.pid == 20778)
        #expect(first.tsEnd?.iso8601 == "2026-12-07T15:02:50.772Z")
        #expect(sink.rssSamples.first?.rssKB == 58216)
        #expect(sink.rssSamples.first?.pid == 20778)
        #expect(sink.rssSamples.first?.ts.iso8601 == "2026-12-07T15:03:02.338Z")
    }

    @Test(arguments: [
        ("2026-12-07T10:00:00Z POST /orders -> 201 in 12.4 ms", "POST", "/orders", 201, 12.4),
        (#"2026-12-07 10:00:00 [1234] "GET /health?x=1 HTTP/1.1" 200 (3 ms)"#, "GET", "/health", 200, 3.0),
        ("2026-12-07 10:00:00.5 INFO pid=7 DELETE /carts/9 status:204 took=0.25s", "DELETE", "/carts/9", 204, 250.0),
    ])
    func requestsInOtherServicesWordsAreRead(line: String, method: String, path: String, status: Int, ms: Double)
        throws
    {
        let sink = try parse(line)
        #expect(sink.requests.first?.method == method)
        #expect(sink.requests.first?.path == path)
        #expect(sink.requests.first?.status == status)
        #expect(sink.requests.first?.durationMS == ms)
    }

    @Test func linesWithoutARequestAreMessagesAndAStrayFirstLineIsSkipped() throws {
        // Given a line before any timed one, a message, a traceback line and a request without a status
        let sink = try parse(
            """
            starting up
            2026-12-07 10:00:00,001 INFO worker booted
              File "app.py", line 18, in remember
            2026-12-07 10:00:01,001 INFO GET /quotes/1 tenant=x
            """)
        // Then nothing is read as a request, and only the line before any entry is skipped
        #expect(sink.requests.isEmpty)
        #expect(sink.skipped.map(\.line) == [1])
    }

    @Test func aLogOfOtherLinesIsNoAppLog() {
        let head = ["2026-12-07 10:00:00 INFO booted", "2026-12-07 10:00:01 INFO job done", "GET /x 200"]
        #expect(ArtifactFormat.detectAppLog(head: head) == 0)
    }
}
