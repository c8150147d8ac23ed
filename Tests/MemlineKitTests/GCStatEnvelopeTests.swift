import Foundation
import Testing

@testable import MemlineKit

/// `GC.stat` written inside an envelope (`{"time":…,"pid":…,"gc_stat":{…}}`), as ad-hoc samplers do.
struct GCStatEnvelopeTests {
    private func parse(_ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.rubyGCStat.makeParser(ParseContext(sourceName: "gc.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test(arguments: ["gc_stat_envelope_ruby31.jsonl", "gc_stat_envelope_logger_ruby31.log"])
    func readsEnvelopedSamplesOfARealRuby31Run(file: String) throws {
        // Given Ruby 3.1's GC.stat in an envelope, bare JSON lines and after a Logger prefix
        #expect(FormatRegistry.detect(head: try Fixtures.lines("gc-stat/\(file)").map(\.text))?.name == "ruby-gc-stat")

        // When it is read
        let sink = try Fixtures.parse("gc-stat/\(file)", as: .rubyGCStat)

        // Then each of the 6 envelopes is one sample with the envelope's time and pid and GC.stat's 29 keys
        #expect(sink.skipped.isEmpty)
        #expect(sink.gcSamples.count == 6)
        let first = try #require(sink.gcSamples.first)
        #expect(first.pid == 26104)
        #expect(first.ts?.iso8601.hasPrefix("2026-12-06T09:11:31.38") == true)
        #expect(first.entries.count == 29)
        #expect(first.integer("count") == 14)
        #expect(first.integer("time") == 8)
        #expect(first["pid"] == nil)
    }

    @Test func readsAnEnvelopeUnderStatWithUnixSecondsAndRubyHashSyntax() throws {
        // Given envelopes under `stat` with Unix seconds, and under `:gc_stat` in Hash#inspect syntax
        let sink = try parse(
            """
            {"time":1796000000.5,"pid":7,"stat":{"count":3,"time":1,"heap_live_slots":10}}
            {:time=>"2026-12-06T09:00:00Z", :pid=>8, :gc_stat=>{:count=>4, :time=>2, :heap_live_slots=>20}}
            """)

        // Then both are samples with the envelope's clock, not GC.stat's `time`
        #expect(sink.gcSamples.map(\.pid) == [7, 8])
        #expect(sink.gcSamples.map { $0.ts?.iso8601 } == ["2026-11-30T00:53:20.500Z", "2026-12-06T09:00:00.000Z"])
        #expect(sink.gcSamples.map { $0.integer("time") } == [1, 2])
    }

    @Test func anEnvelopesNumericClockUnderAnyTimeKeyIsItsTime() throws {
        // Given envelopes stamped with Unix seconds under `ts` and Unix milliseconds under `timestamp`
        let sink = try parse(
            """
            {"ts":1796596065.642,"pid":27792,"stats":{"count":11,"time":13,"heap_live_slots":30198}}
            {"timestamp":1796596067642,"pid":27793,"stats":{"count":12,"time":14,"heap_live_slots":30199}}
            """)

        // Then each sample has the envelope's clock, and GC.stat's own `time` stays GC milliseconds
        #expect(sink.gcSamples.map { $0.ts?.iso8601 } == ["2026-12-06T22:27:45.642Z", "2026-12-06T22:27:47.642Z"])
        #expect(sink.gcSamples.map { $0.integer("time") } == [13, 14])
    }

    @Test func readsAnEnvelopeUnderAKeyOfItsOwnChoosingBesideOtherHashes() throws {
        // Given envelopes that hold GC.stat under `stats` after another hash, and two levels deep under `payload`
        let sink = try parse(
            """
            {"at":"2026-12-06T17:16:56.258Z","meta":{"count":1,"region":"eu"},"worker":2,"pid":9377,"stats":{"count":19,"time":25,"heap_live_slots":43160}}
            {"at":"2026-12-06T17:16:57.258Z","host":"mt-api-3","payload":{"pid":9378,"gc":{"count":20,"heap_allocated_pages":107}}}
            """)

        // Then both are samples: the hash with GC.stat's keys is found wherever it is, with the envelope's clock and pid
        #expect(sink.skipped.isEmpty)
        #expect(sink.gcSamples.map(\.pid) == [9377, 9378])
        #expect(sink.gcSamples.map { $0.ts?.iso8601 } == ["2026-12-06T17:16:56.258Z", "2026-12-06T17:16:57.258Z"])
        #expect(sink.gcSamples.map { $0.integer("count") } == [19, 20])
        #expect(sink.gcSamples.map(\.host) == [nil, "mt-api-3"])
        #expect(sink.gcSamples.first?["worker"] == nil)
    }

    @Test func countsCutEnvelopesAsSkippedLines() throws {
        // Given envelopes cut inside the GC.stat hash and before it
        let sink = try parse(
            """
            {"time":"2026-12-06T09:11:31.382Z","pid":26104,"gc_stat":{"count":14,"time":8,"heap_live_slots":432
            {"time":"2026-12-06T09:11:31.593Z","pid":26104,"gc_st
            {"time":"2026-12-06T09:11:31.802Z","pid":26104,"gc_stat":{"count":17,"heap_live_slots":88221}}
            """)

        // Then the whole one is a sample and both cut ones are skipped with a reason
        #expect(sink.gcSamples.count == 1)
        #expect(sink.skipped.map(\.line) == [1, 2])
        #expect(sink.skipped.allSatisfy { $0.reason.contains("truncated") })
    }

    @Test func warnsWhenAnArtifactHasLinesButNoRows() throws {
        // Given JSON lines that ruby-gc-stat reads but that hold no GC.stat
        let db = try MemlineDatabase.inMemory()
        var options = IngestOptions()
        options.format = "ruby-gc-stat"
        let text = Array("{\"event\":\"boot\",\"count\":1}\n{\"event\":\"tick\"}\n".utf8)

        // When it is ingested
        let summary = try db.ingest(
            source: BytesSource(text), path: "events.jsonl", name: "events.jsonl", options: options)

        // Then the summary carries a warning naming the format and quoting a line
        #expect(summary.rows == 0)
        #expect(
            summary.warnings == [
                #"events.jsonl:1: warning: 2 lines read as ruby-gc-stat but no rows came out of them; a sample line: "#
                    + #""{"event":"boot","count":1}""#
            ])
    }
}
