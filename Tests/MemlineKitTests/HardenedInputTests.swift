import Foundation
import Testing

@testable import MemlineKit

/// Numbers that do not fit, brackets that do not balance and lines that never end: skipped with a reason, never a trap.
struct HardenedInputTests {
    private func parse(_ text: String, as format: ArtifactFormat, at: Timestamp? = nil) throws -> RowCollector {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: "input", at: at))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func psTimeLineWithAHugeEpochIsASkippedLine() throws {
        // Given a ps capture loop whose `date +%s` line is far beyond year 9999
        let text = "99999999999999999999999\n  PID   RSS COMMAND\n    1  1000 ruby\n"
        // When parsed
        let sink = try parse(text, as: .ps)
        // Then the time line is skipped with its reason, and nothing traps
        let skip = try #require(sink.skipped.first)
        #expect(skip.line == 1)
        #expect(skip.reason.contains("out of range"))
    }

    @Test func gcStatCountBeyondSixtyFourBitsIsASkippedLine() throws {
        // Given a GC.stat inspect line with `:count=>1e300` beside a good one
        let text = """
            {:count=>1e300, :heap_live_slots=>5}
            {:count=>3, :heap_live_slots=>5}
            """
        // When parsed
        let sink = try parse(text, as: .rubyGCStat)
        // Then the bad line is skipped naming the value, and the good one is a sample
        #expect(sink.skipped.map(\.line) == [1])
        #expect(sink.skipped.first?.reason.contains("count") == true)
        #expect(sink.gcSamples.map { $0.integer("count") } == [3])
    }

    @Test func prometheusJSONWithUnbalancedClosingBracketsIsSkippedNotATrap() throws {
        // Given query JSON that closes more than it opens
        let sink = try parse("]]}\n", as: .prometheusJSON)
        // Then the stray brackets are skipped lines
        #expect(!sink.skipped.isEmpty)
        #expect(sink.skipped.allSatisfy { $0.reason.contains("unbalanced") })
    }

    @Test(arguments: ["1e300", "-1e300", "inf", "nan", "99999999999999999999999", "1.7976931348623157e308"])
    func hugeNumbersInEveryLineFormatNeverTrap(number: String) throws {
        // Given lines of every format's shape with a number that fits no integer in each numeric place
        let shapes = [
            "\(number)", "{:count=>\(number), :heap_live_slots=>\(number)}",
            #"{"ts":\#(number),"rss_kb":\#(number),"pid":\#(number)}"#, "ts,rss_kb,pid\n\(number),\(number),\(number)",
            "2026-01-01T00:00:00Z rss_kb=\(number) pid=\(number)",
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[\#(number),"1"]]}]}}"#,
            "I, [2026-01-01T00:00:00.000000 #1]  INFO -- : Completed 200 OK in \(number)ms",
            "\(number)\n  PID   RSS COMMAND\n  \(number) \(number) ruby",
            "[\(number)] Out of memory: Killed process \(number) (ruby) total-vm:\(number)kB, anon-rss:\(number)kB",
            #"{"pid":"<0.1.0>","memory":\#(number),"message_queue_len":\#(number),"time":\#(number)}"#,
            "method=GET path=/ status=200 duration=\(number) time=2026-01-01T00:00:00Z",
        ]
        for format in FormatRegistry.all {
            for shape in shapes {
                // When each format parses it, Then it returns (a trap would end the test run)
                _ = try? parse(shape, as: format, at: Timestamp(milliseconds: 0))
            }
        }
    }

    @Test(arguments: ["2010-06-18 11:28:11 ", "2010-06-18 11:28:11 U", "2010-06-18 11:28:11 UT"])
    func isoTimeEndingInASpaceAtTheBufferEndIsRead(text: String) throws {
        // Given a time that ends the buffer with a space (found by fuzzing: Rails 2 `(for IP at TIME )`)
        var copy = text
        // When read from exactly its bytes, Then it is the time, and nothing reads past the end
        let parsed = copy.withUTF8 { Timestamp.parseISO(bytes: $0, zone: .utc) }
        #expect(parsed?.timestamp.iso8601 == "2010-06-18T11:28:11.000Z")
    }

    @Test func rails2ProcessingLineWithASpaceBeforeTheClosingParenthesisIsRead() throws {
        // Given the fuzzer's finding: `(for IP at TIME )`, the time ending in a space right before `)`
        let text =
            "Jun 18 11:28:11 derek rails[700]: Processing InfoController#about (for 127.0.0.1 at 2010-06-18 11:28:11 ) [GET]"
        // When parsed as a Rails log, Then it returns (a read past the buffer would trap)
        _ = try parse(text, as: .rails)
    }

    @Test func lineOverTheLimitIsLeftOutWholeAndCounted() throws {
        // Given a short line, a line over the reader's limit, and another short line
        let long = String(repeating: "x", count: 300)
        let reader = LineReader(source: BytesSource(Array("a\n\(long)\nb\n".utf8)), chunkSize: 64, maxLineBytes: 100)
        // When read
        var lines: [String] = []
        try reader.forEachLine { bytes, _ in lines.append(String(decoding: bytes, as: UTF8.self)) }
        // Then the long line is never handed on, not even cut, and its number is listed
        #expect(lines == ["a", "b"])
        #expect(reader.cutLines == [2])
    }

    @Test(arguments: [1e300, -1e300, Double.infinity, -Double.infinity, Double.nan, 9.3e18, 2.6e14])
    func checkedConversionsRefuseWhatDoesNotFit(value: Double) {
        // Given a parsed number out of range, When converted, Then it is nil rather than a trap
        #expect(Timestamp(checkedMilliseconds: value) == nil)
        if !value.isFinite || abs(value) > 9.3e18 { #expect(value.checkedInt64 == nil) }
        // And the unchecked initializer holds the value at the nearest storable instant instead of trapping
        _ = Timestamp(secondsSince1970: value)
    }
}
