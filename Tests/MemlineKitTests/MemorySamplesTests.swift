import Foundation
import Testing

@testable import MemlineKit

struct MemorySamplesTests {
    private func parse(_ text: String, as format: ArtifactFormat, zone: ZoneRule = .utc) throws -> RowCollector {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: "samples", zone: zone))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    private static let commandLine =
        #"/usr/bin/python3 -c import time; buf = [] for i in range(40): buf.append(bytearray(1 << 20)); "#
        + #"time.sleep(0.1) print("done", len(buf)); time.sleep(5)"#

    @Test func readsRecordedCSVWithQuotedCommandLines() throws {
        // Given 16 samples of a growing python3 recorded from /proc, the command line quoted with "" inside
        let sink = try Fixtures.parse("memory/memory_samples_python_grow.csv", as: .memoryCSV)
        // Then every row is a sample with its offset-bearing time, pid, unquoted process, host and memory
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.rssSamples.count == 16)
        let first = try #require(sink.rssSamples.first)
        #expect(
            first
                == RSSSample(
                    line: 2, ts: Timestamp(milliseconds: 1_795_314_185_710), host: "vm", pid: 19811,
                    process: MemorySamplesTests.commandLine, rssKB: 9212, vszKB: 14980))
        #expect(sink.rssSamples.last?.line == 17)
        #expect(sink.rssSamples.last?.rssKB == 49372)
        #expect(sink.rssSamples.last?.ts.iso8601 == "2026-11-22T02:23:09.760Z")
    }

    @Test func readsRecordedJSONLinesConvertingBytesExactly() throws {
        let sink = try Fixtures.parse("memory/memory_samples_python_grow.jsonl", as: .memoryJSONLines)
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.rssSamples.count == 16)
        // {"ts":1795314185.711,"pid":19811,"process":"python3","rss_bytes":9433088,"vsz_kb":14980}
        #expect(
            sink.rssSamples.first
                == RSSSample(
                    line: 1, ts: Timestamp(milliseconds: 1_795_314_185_711), pid: 19811, process: "python3",
                    rssKB: 9212, vszKB: 14980))
        #expect(sink.rssSamples.last?.rssKB == 49372)
        #expect(sink.rssSamples.last?.line == 16)
    }

    @Test func convertsUnitsAndReadsEveryTimeForm() throws {
        // Given bytes and MB columns, a limit, Unix seconds and milliseconds, and a time without an offset
        let text = """
            timestamp,pid,rss_mb,limit_mb,vsz_bytes,swap_kb
            1795311506.5,7,1.5,512,1000,0
            1795311506500,7,2,512,2048,
            2026-11-22T01:38:20,7,0.25,,,
            2026-11-22 01:38:20 +0100,7,0,,,
            """
        let sink = try parse(text, as: .memoryCSV, zone: try #require(ZoneRule(parsing: "America/New_York")))
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        let s = sink.rssSamples
        #expect(s.map(\.rssKB) == [1536, 2048, 256, 0])
        #expect(s[0].limitKB == 524_288)
        #expect(s[0].vszKB == 1000.0 / 1024)
        #expect(s[0].swapKB == 0)
        #expect(s[1].swapKB == nil)
        #expect(
            s.map(\.ts.iso8601) == [
                "2026-11-22T01:38:26.500Z", "2026-11-22T01:38:26.500Z", "2026-11-22T06:38:20.000Z",
                "2026-11-22T00:38:20.000Z",
            ])
    }

    @Test func skipsRowsWithBadValuesNamingTheColumn() throws {
        // Given a bad number, a bad time, a missing RSS, a short row and a garbage line among good rows
        let text = """
            ts,pid,process,rss_kb
            2026-11-22T01:00:00Z,1,ok,100
            2026-11-22T01:00:01Z,1,bad,12k
            yesterday,1,bad,100
            2026-11-22T01:00:03Z,1,bad,
            2026-11-22T01:00:04Z,1
            2026-11-22T01:00:05Z,x,bad,100
            2026-11-22T01:00:06Z,2,"ok, too",200
            """
        let sink = try parse(text, as: .memoryCSV)
        #expect(sink.rssSamples.map(\.process) == ["ok", "ok, too"])
        #expect(sink.skipped.map(\.line) == [3, 4, 5, 6, 7])
        #expect(
            sink.skipped.map(\.reason) == [
                "column rss_kb: expected a non-negative number, got '12k'",
                "column ts: expected an ISO-8601 time or Unix seconds, got 'yesterday'",
                "column rss_kb: missing or empty; every sample needs an RSS",
                "expected 4 fields as in the header, found 2",
                "column pid: expected a process id, got 'x'",
            ])
    }

    @Test func keepsLineBreaksInsideQuotesAndReadsCRLFSemicolonsAndRepeatedHeaders() throws {
        // Given ';' as delimiter, CRLF endings, a quoted field spanning two lines, a repeated header
        let text =
            "Time;RSS_KB;Process\r\n2026-11-22T01:00:00Z;100;\"two\r\nlines\"\r\n"
            + "time;rss_kb;process\r\n2026-11-22T01:00:01Z;200;\"a \"\"b\"\"\"\r\n"
        let sink = try parse(text, as: .memoryCSV)
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.rssSamples.map(\.process) == ["two\nlines", #"a "b""#])
        #expect(sink.rssSamples.map(\.line) == [2, 5])
    }

    @Test func reportsAnUnterminatedQuoteAtTheEnd() throws {
        let sink = try parse("ts,rss_kb,process\n2026-11-22T01:00:00Z,1,\"cut", as: .memoryCSV)
        #expect(sink.rssSamples.isEmpty)
        #expect(sink.skipped.map(\.reason) == ["unterminated quoted field at the end of the file (truncated?)"])
    }

    @Test func refusesAHeaderWithoutTimeOrRSS() throws {
        let sink = try parse("pid,rss_kb\n1,2\n", as: .memoryCSV)
        #expect(sink.rssSamples.isEmpty)
        #expect(sink.skipped.count == 2)
        #expect(sink.skipped.first?.reason.hasPrefix("expected a CSV header naming at least ts") == true)
    }

    @Test func skipsJSONLinesThatAreNotObjectsOrHaveBadValues() throws {
        let text = """
            {"time":"2026-11-22T01:00:00Z","rss_kb":"100","pid":3,"host":"h1","extra":{"a":[1,2]}}
            {"time":"2026-11-22T01:00:01Z","rss_kb":null,"pid":3}
            {"time":"2026-11-22T01:00:02Z","rss_kb":true}
            {"time":"2026-11-22T01:00:03Z","rss_kb":1,"pid":3.5}

            {"time":"2026-11-22T01:00:04Z","rss_kb":4
            [1,2]
            {"ts":1795311506,"rss_mb":1,"process":"caf\\u00e9 \\"x\\""}
            """
        let sink = try parse(text, as: .memoryJSONLines)
        #expect(sink.rssSamples.map(\.line) == [1, 8])
        #expect(sink.rssSamples.first?.host == "h1")
        #expect(sink.rssSamples.first?.rssKB == 100)
        #expect(sink.rssSamples.last?.process == #"café "x""#)
        #expect(sink.rssSamples.last?.rssKB == 1024)
        #expect(sink.skipped.map(\.line) == [2, 3, 4, 6, 7])
        #expect(
            sink.skipped.map(\.reason) == [
                "key rss_kb: missing or empty; every sample needs an RSS",
                "key rss_kb: expected a number or a string",
                "key pid: expected a process id, got 3.5",
                "expected one JSON object per line",
                "expected one JSON object per line",
            ])
    }

    @Test func detectionClaimsOnlyFilesWithTimeAndRSS() throws {
        let csvHead = try Fixtures.lines("memory/memory_samples_python_grow.csv").prefix(50).map(\.text)
        let jsonHead = try Fixtures.lines("memory/memory_samples_python_grow.jsonl").prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: csvHead)?.name == "memory-csv")
        #expect(FormatRegistry.detect(head: jsonHead)?.name == "memory-jsonl")
        // Not claimed: a Sidekiq JSON log (ts but no RSS), GC.stat JSON lines, CSVs of other things, pidstat
        let sidekiq = try Fixtures.lines("sidekiq/sidekiq641_json.log").prefix(50).map(\.text)
        let gcStat = [#"{"count":28,"time":38,"heap_allocated_pages":220,"heap_live_slots":89709}"#]
        let otherCSV = ["ts,pid,cpu_pct", "2026-11-22T01:00:00Z,1,3.5"]
        let pidstat = try Fixtures.lines("linux/pidstat_r_24h_sigterm.txt").prefix(50).map(\.text)
        for head in [sidekiq, gcStat, otherCSV, pidstat] {
            #expect(ArtifactFormat.detectMemoryCSV(head: head) == 0)
            #expect(ArtifactFormat.detectMemoryJSONLines(head: head) == 0)
        }
        #expect(ArtifactFormat.detectMemoryCSV(head: jsonHead) == 0)
        #expect(ArtifactFormat.detectMemoryJSONLines(head: csvHead) == 0)
    }

    @Test func readsDecimalsCorrectlyRounded() {
        var text = "0.09 771.00 -1.5 1e3 12345678901234567 .5 5. - 1.2.3 0x10"
        let values: [Double?] = text.withUTF8 { u in
            ASCIIScan.fields(u).map { ASCIIScan.double(u, $0) }
        }
        #expect(values == [0.09, 771, -1.5, 1000, 12_345_678_901_234_567, 0.5, 5, nil, nil, nil])
    }
}
