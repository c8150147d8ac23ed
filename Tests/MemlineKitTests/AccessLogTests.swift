import Foundation
import Testing

@testable import MemlineKit

struct AccessLogTests {
    private let web1 = ParseContext(sourceName: "access.log", host: "web1")

    private func ts(_ iso: String) throws -> Timestamp { try #require(Timestamp.parseISO(iso)) }

    @Test func readsNginxCombinedAsInstantsAtTheLogTime() throws {
        // Given nginx 1.22.1's default `combined` log of 30 curl requests
        let sink = try Fixtures.parse("access-log/nginx-combined.log", as: .accessLog, context: web1)
        // Then every line is one request, none skipped
        #expect(sink.requests.count == 30)
        #expect(sink.skipped.isEmpty)
        let first = try #require(sink.requests.first)
        var expected = Request(line: 1)
        expected.tsStart = try ts("2026-12-05T20:21:47.000Z")
        expected.tsEnd = expected.tsStart
        expected.host = "web1"
        expected.method = "GET"
        expected.path = "/reports/11"
        expected.endpoint = "/reports/:id"
        expected.status = 200
        expected.bytes = 15
        expected.remoteIP = "127.0.0.1"
        #expect(first == expected)
        // And 404s, a POST, a HEAD and a UUID path keep their fields; no line has a duration
        #expect(sink.requests.filter { $0.status == 404 }.map(\.endpoint) == Array(repeating: "/missing/:id", count: 3))
        #expect(sink.requests.first { $0.method == "POST" }?.path == "/imports")
        #expect(sink.requests.first { $0.method == "HEAD" }.map { ($0.status, $0.bytes) } ?? (0, 0) == (501, 0))
        #expect(sink.requests.filter { $0.endpoint == "/orders/:uuid" }.count == 6)
        #expect(sink.requests.allSatisfy { $0.durationMS == nil && $0.pid == nil })
    }

    @Test func readsPythonsHTTPServerLogOnTheHostsClock() throws {
        // Given Python 3.11 http.server's own log (`[08/Dec/2026 06:08:07]`, no offset), read at +05:30
        var context = ParseContext(sourceName: "access.log.gz")
        context.zone = .fixed(seconds: 5 * 3600 + 1800)
        let sink = try Fixtures.parse(
            "verdicts/h31-python-harwick-native-thumbnail-beside-tag-cache-rates-job/access.log.gz", as: .accessLog,
            context: context)
        // Then every line is a request at its wall-clock time in that zone, its size `-` read as none
        #expect(sink.skipped.isEmpty && sink.requests.count > 1000)
        let upload = try #require(sink.requests.first { $0.method == "POST" })
        #expect(upload.tsStart == (try ts("2026-12-08T00:38:07.000Z")))
        #expect(upload.endpoint == "/listings/:id/photos" && upload.status == 201)
        #expect(
            FormatRegistry.detect(
                head: try Fixtures.lines(
                    "verdicts/h31-python-harwick-native-thumbnail-beside-tag-cache-rates-job/access.log.gz"
                ).prefix(20).map(\.text))?.name
                == "access-log")
    }

    @Test func readsNginxTimedPositionalAndKeyValueAlike() throws {
        // Given the same requests logged `… $request_time $upstream_response_time` and `rt=… urt="…"`
        let positional = try Fixtures.parse("access-log/nginx-timed.log", as: .accessLog)
        let keyValue = try Fixtures.parse("access-log/nginx-timed-kv.log", as: .accessLog)
        // Then both give the same rows: nginx logs at the end, so the request started $request_time earlier
        #expect(positional.requests.count == 30 && positional.skipped.isEmpty && keyValue.skipped.isEmpty)
        #expect(positional.records == keyValue.records)
        let export = try #require(positional.requests.first { $0.line == 17 })
        #expect(export.endpoint == "/reports/:id/export" && export.durationMS == 825)
        #expect(export.tsEnd == (try ts("2026-12-05T20:21:48.000Z")))
        #expect(export.tsStart == (try ts("2026-12-05T20:21:47.175Z")))
        // And nginx's `\x22` inside the user agent does not end the field; a static file with no upstream is 0 ms
        #expect(positional.requests.first { $0.line == 18 }?.durationMS == 807)
        #expect(positional.requests.first { $0.line == 11 }?.durationMS == 0)
        #expect(positional.requests.first { $0.line == 9 }.map { ($0.path, $0.endpoint) } ?? ("", "") == ("/", "/"))
    }

    @Test func readsApacheMicrosecondsSecondsAndCommonFromARealServer() throws {
        // Given Apache 2.4 logging the same requests in New York time with %D, with %T, and as plain common
        let micro = try Fixtures.parse("access-log/apache-combined-D.log", as: .accessLog)
        let seconds = try Fixtures.parse("access-log/apache-common-T.log", as: .accessLog)
        let common = try Fixtures.parse("access-log/apache-common.log", as: .accessLog)
        #expect([micro, seconds, common].allSatisfy { $0.requests.count == 30 && $0.skipped.isEmpty })
        // Then %D is microseconds and Apache's %t is when the request arrived: the end is start + %D
        let export = try #require(micro.requests.first { $0.line == 17 })
        #expect(export.tsStart == (try ts("2026-12-05T20:21:51.000Z")))
        #expect(export.durationMS == 801.515)
        #expect(export.tsEnd == (try ts("2026-12-05T20:21:51.802Z")))
        // And rows held back until the file showed the unit (line 17 is the first value above a day) keep their order
        #expect(micro.requests.map(\.line) == Array(1...30))
        #expect(micro.requests.first { $0.line == 25 }?.durationMS == 0.416)
        // And %T's zeros mean whole seconds; the common log has no duration and `-` bytes are unknown
        #expect(seconds.requests.allSatisfy { $0.durationMS == 0 })
        #expect(common.requests.allSatisfy { $0.durationMS == nil && $0.tsStart == $0.tsEnd })
        #expect(common.requests.first { $0.method == "HEAD" }.map { $0.bytes == nil } == true)
    }

    @Test(arguments: [
        ("[05/Dec/2026:19:31:16 +0000]", "2026-12-05T19:31:16.000Z"),
        ("[05/Dec/2026:19:31:16 +0530]", "2026-12-05T14:01:16.000Z"),
        ("[05/Dec/2026:19:31:16 -0800]", "2026-12-06T03:31:16.000Z"),
        ("[31/dec/2026:23:59:59 -0100]", "2027-01-01T00:59:59.000Z"),
        ("[05/Dec/2026:19:31:16.250 +0000]", "2026-12-05T19:31:16.250Z"),
        ("[05/Dec/2026:19:31:16]", "2026-12-05T10:31:16.000Z"),
    ])
    func readsTheOffsetInTheStampOrElseTheZone(stamp: String, iso: String) throws {
        // Given a line whose stamp has an offset (or none: read in --tz +09:00)
        let line = "10.0.0.1 - - \(stamp) \"GET /a HTTP/1.1\" 200 1"
        let sink = RowCollector()
        var parser = ArtifactFormat.accessLog.makeParser(
            ParseContext(sourceName: "inline", zone: try #require(ZoneRule(parsing: "+09:00"))))
        try parser.parseAll(Line.lines(of: line), into: sink)
        #expect(sink.requests.first?.tsEnd == (try ts(iso)))
    }

    @Test func skipsMalformedAndCutLinesSayingWhatWasMissing() throws {
        // Given CRLF lines, a vhost prefix, a TLS client on the plain port, several upstreams, extra fields,
        // broken lines, and a last line cut by rotation
        let text = [
            #"127.0.0.1 - - [05/Dec/2026:19:31:16 +0000] "GET /reports/12?x=1 HTTP/1.1" 200 512 "-" "curl/7.88.1""#,
            #"shop.example:443 10.1.2.3 - bob [05/Dec/2026:19:31:17 +0000] "PUT /carts/9 HTTP/2.0" 204 -"#,
            #"10.0.0.9 - - [05/Dec/2026:19:31:18 +0000] "\x16\x03\x01\x00\xF7\x01" 400 157 "-" "-" 0.001 -"#,
            #"10.0.0.9 - - [05/Dec/2026:19:31:19 +0000] "GET /x HTTP/1.1" 502 9 "-" "ua" 2.500 1.000, 1.200"#,
            #"10.0.0.9 - - [05/Dec/2026:19:31:20 +0000] "GET /y HTTP/1.1" 200 9 "-" "ua" "203.0.113.7" 0.120"#,
            "",
            "Dec  5 19:31:21 web1 nginx: something else entirely",
            #"10.0.0.9 - - [05/Dec/2026:19:31:22 +0000] "GET /z HTTP/1.1" OK 9"#,
            #"10.0.0.9 - - [05/Foo/2026:19:31:23 +0000] "GET /z HTTP/1.1" 200 9"#,
            #"10.0.0.9 - - [05/Dec/2026:19:31:24 +0000] "GET /z HTTP/1.1" 200 many"#,
            #"10.0.0.9 - - [05/Dec/2026:19:31:25 +0000] "GET /reports/cut"#,
        ].joined(separator: "\r\n")
        let sink = RowCollector()
        var parser = ArtifactFormat.accessLog.makeParser(ParseContext(sourceName: "inline"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        // Then the good lines are requests, CR removed
        #expect(sink.requests.map(\.line) == [1, 2, 3, 4, 5])
        #expect(sink.requests[0].endpoint == "/reports/:id" && sink.requests[0].status == 200)
        #expect(sink.requests[1].remoteIP == "10.1.2.3" && sink.requests[1].method == "PUT")
        #expect(sink.requests[1].bytes == nil && sink.requests[1].status == 204)
        #expect(sink.requests[2].method == nil && sink.requests[2].path == nil && sink.requests[2].status == 400)
        #expect(sink.requests[3].durationMS == 2500)
        #expect(sink.requests[4].durationMS == 120)
        // And each broken line is skipped with its reason; the blank line is not an error
        let reasons = Dictionary(uniqueKeysWithValues: sink.skipped.map { ($0.line, $0.reason) })
        #expect(sink.skipped.map(\.line) == [7, 8, 9, 10, 11])
        #expect(reasons[7]?.hasPrefix("no `[time]`") == true)
        #expect(reasons[8]?.hasPrefix("no 3-digit status") == true)
        #expect(reasons[9]?.hasPrefix("time is not") == true)
        #expect(reasons[10]?.hasPrefix("bytes sent") == true)
        #expect(reasons[11]?.hasPrefix("no quoted request line") == true)
        #expect(sink.skipped.allSatisfy { $0.reason.contains("expected an access log line") })
    }

    @Test func apacheBareIntegersWaitForTheFileToShowTheirUnit() throws {
        // Given %T lines of slow requests (1 s, 3 s) then one fast (0): seconds
        let lines = ["1", "3", "0"].enumerated().map { i, t in
            #"10.0.0.1 - - [05/Dec/2026:19:31:1\#(i) +0000] "GET /a HTTP/1.1" 200 1 \#(t)"#
        }
        let sink = RowCollector()
        var parser = ArtifactFormat.accessLog.makeParser(ParseContext(sourceName: "inline"))
        try parser.parseAll(Line.lines(of: lines.joined(separator: "\n")), into: sink)
        #expect(sink.requests.map(\.durationMS) == [1000, 3000, 0])
        // And a file of small values that never shows a 0 or a big one is settled at the end: seconds under 100
        let few = RowCollector()
        var second = ArtifactFormat.accessLog.makeParser(ParseContext(sourceName: "inline"))
        try second.parseAll(Line.lines(of: lines[1]), into: few)
        #expect(few.requests.map(\.durationMS) == [3000])
        // And `%T/%D` reads the microseconds
        let pair = RowCollector()
        var third = ArtifactFormat.accessLog.makeParser(ParseContext(sourceName: "inline"))
        try third.parseAll(
            Line.lines(of: #"10.0.0.1 - - [05/Dec/2026:19:31:16 +0000] "GET /a HTTP/1.1" 200 1 0/12345"#), into: pair)
        #expect(pair.requests.first?.durationMS == 12.345)
    }

    @Test func readsOnlyRequestLinesOfMethodTargetProtocol() throws {
        // Given an HTTP/0.9 request, a target with a raw space, a lowercase method and an empty request line
        let text = [
            #"10.0.0.1 - - [05/Dec/2026:19:31:16 +0000] "GET /old/7" 200 1"#,
            #"10.0.0.1 - - [05/Dec/2026:19:31:16 +0000] "GET /a b HTTP/1.1" 400 1"#,
            #"10.0.0.1 - - [05/Dec/2026:19:31:16 +0000] "get /a HTTP/1.1" 400 1"#,
            #"10.0.0.1 - - [05/Dec/2026:19:31:16 +0000] "" 400 0"#,
        ].joined(separator: "\n")
        let sink = RowCollector()
        var parser = ArtifactFormat.accessLog.makeParser(ParseContext(sourceName: "inline"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        // Then each is a request; only the first has a method and an endpoint
        #expect(sink.skipped.isEmpty)
        #expect(sink.requests.map(\.endpoint) == ["/old/:id", nil, nil, nil])
        #expect(sink.requests.map(\.status) == [200, 400, 400, 400])
    }
}
