import Foundation
import Testing

@testable import MemlineKit

/// Node.js JSON logs (pino, pino-http, Fastify, bunyan) are read into requests, RSS samples, heap metrics and errors.
struct NodeJSONLogTests {
    private func parse(_ file: String) throws -> RowCollector {
        var parser = NodeJSONLogParser(context: ParseContext(sourceName: file))
        let sink = RowCollector()
        try parser.parseAll(try Fixtures.lines("node/\(file)"), into: sink)
        return sink
    }

    @Test func bunyanRequestsMemoryAndErrorsAreRead() throws {
        // Given bunyan's own output of a node http server (req/res serializers, latency, memoryUsage twice)
        let sink = try parse("bunyan_berthing.log")
        // Then every req/res record is a request ending at its time, its endpoint normalised
        let requests = sink.records.compactMap { if case .request(let r) = $0 { r } else { nil } }
        #expect(requests.map(\.endpoint) == ["/berths/:id", "/berths/:id", "/boom/:id", "/berths/:id/tides"])
        #expect(requests.map(\.status) == [200, 200, 500, 200])
        #expect(requests.allSatisfy { $0.pid == 2673 && $0.method == "GET" && $0.tsEnd != nil && $0.host == "vm" })
        // And memoryUsage, under `memory` or spread into the record, is an RSS sample of the pid, in KiB
        #expect(sink.rssSamples.map(\.rssKB) == [52_336, 52_336])
        #expect(sink.rssSamples.allSatisfy { $0.pid == 2673 && $0.host == nil && $0.process == nil })
        let metrics = sink.records.compactMap { if case .metricSample(let m) = $0 { m } else { nil } }
        #expect(metrics.filter { $0.name == "nodejs_heap_used_bytes" }.count == 2)
        // And the level 50 record is an error event naming what failed
        #expect(sink.events.map(\.kind) == ["error"])
        #expect(sink.events.first?.message == "handler failed: boom /boom/1")
        // And the console.log line is skipped with its reason, not dropped
        #expect(sink.skipped.map(\.line) == [9])
        #expect(sink.skipped.first?.reason.contains("not a JSON log record") == true)
    }

    @Test func pinoRecordsWithMillisecondTimesAndHeapLinesAreRead() throws {
        // Given an instance's pino lines: requests with responseTime, heap lines every 10 s, a restart
        let sink = try parse("pino_ledger_instance2.log")
        let requests = sink.records.compactMap { if case .request(let r) = $0 { r } else { nil } }
        // Then a request lasts its responseTime before its time
        let first = try #require(requests.first)
        #expect(first.tsEnd?.iso8601 == "2026-12-07T12:20:40.230Z")
        #expect(first.durationMS == 6.757215)
        #expect(first.tsStart?.iso8601 == "2026-12-07T12:20:40.223Z")
        // And heap lines are samples of the pid they name, across the restart
        #expect(Set(sink.rssSamples.compactMap(\.pid)) == [1638, 2570])
        #expect(sink.rssSamples.first?.rssKB == 46_676)
        #expect(sink.skipped.isEmpty)
    }

    @Test func fastifyIncomingAndCompletedRecordsAreOneRequest() throws {
        // Fastify logs a request twice, joined by reqId (its documented default output)
        let lines = [
            #"{"level":30,"time":1796646040000,"pid":7,"hostname":"h","reqId":"req-1","req":{"method":"GET","url":"/tides/9","hostname":"localhost:3000","remoteAddress":"127.0.0.1","remotePort":54656},"msg":"incoming request"}"#,
            #"{"level":30,"time":1796646040250,"pid":7,"hostname":"h","reqId":"req-1","res":{"statusCode":200},"responseTime":250.2,"msg":"request completed"}"#,
            #"{"level":30,"time":1796646041000,"pid":7,"hostname":"h","reqId":"req-2","req":{"method":"POST","url":"/tides"},"msg":"incoming request"}"#,
        ].enumerated().map { Line(number: $0.offset + 1, text: $0.element) }
        var parser = NodeJSONLogParser(context: ParseContext(sourceName: "fastify.log"))
        let sink = RowCollector()
        try parser.parseAll(lines, into: sink)
        let requests = sink.records.compactMap { if case .request(let r) = $0 { r } else { nil } }
        #expect(requests.count == 2)
        #expect(requests[0].endpoint == "/tides/:id" && requests[0].status == 200 && requests[0].lineEnd == 2)
        #expect(requests[0].tsStart?.iso8601 == "2026-12-07T12:20:40.000Z")
        // A request never completed keeps its start only
        #expect(requests[1].method == "POST" && requests[1].tsEnd == nil && requests[1].status == nil)
    }

    @Test func nodeJSONLogsAreDetectedAndOtherJSONIsNot() throws {
        for file in ["bunyan_berthing.log", "pino_ledger_instance2.log"] {
            let head = try Fixtures.lines("node/\(file)").map(\.text)
            #expect(FormatRegistry.detect(head: head)?.name == "node-json")
        }
        #expect(FormatRegistry.detect(head: [#"{"ts":1795314185.711,"pid":1,"rss_kb":2}"#])?.name == "memory-jsonl")
    }
}
