import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct GCStatTests {
    private func parse(_ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.rubyGCStat.makeParser(ParseContext(sourceName: "gc.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test(arguments: ["ruby31_gc_stat_inspect.txt", "ruby31_gc_stat.jsonl", "ruby31_gc_stat_logger.log"])
    func readsTheSameSamplesFromEveryWayOfWritingThem(file: String) throws {
        // Given one Ruby 3.1 run's 24 GC.stat samples written three ways
        let sink = try Fixtures.parse("gc-stat/\(file)", as: .rubyGCStat)
        #expect(sink.skipped.isEmpty)
        #expect(sink.gcSamples.count == 24)
        let first = try #require(sink.gcSamples.first)
        // Then each has its pid, its time, and GC.stat's 29 keys (time is GC time, not a clock)
        #expect(first.pid == 16677)
        #expect(first.ts.map { $0.iso8601.hasPrefix("2026-11-22T01:39:21.557") } == true)
        #expect(first.entries.count == 29)
        #expect(first.integer("count") == 28)
        #expect(first.integer("time") == 38)
        #expect(first.integer("heap_live_slots") == 89709)
        #expect(first.integer("oldmalloc_increase_bytes_limit") == 16_777_216)
        #expect(first["timestamp"] == nil)
        #expect(sink.gcSamples.last?.integer("total_allocated_objects") == 12_708_196)
    }

    @Test func readsGCStatWrittenAsLogfmtPairsAfterATime() throws {
        // Given a puma cluster's per-worker `TIME worker=N pid=P count=… heap_live_slots=…` lines (St John's time)
        let path = "verdicts/h30-puma-cluster-gorsedown-clinic-native-ecg-strip-beside-formulary-cache-rota-pdf/gc.log"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == "ruby-gc-stat")
        let sink = try Fixtures.parse(path, as: .rubyGCStat)
        // Then each line is a sample of its worker's pid at its UTC time, without the worker index as a GC key
        #expect(sink.skipped.isEmpty)
        #expect(sink.gcSamples.count == 24)
        let first = try #require(sink.gcSamples.first)
        #expect(first.pid == 22764)
        #expect(first.ts?.iso8601 == "2026-12-07T21:15:03.069Z")
        #expect(first.entries.first { $0.key == "heap_live_slots" }?.value == 36917)
        #expect(!first.entries.contains { $0.key == "worker" || $0.key == "pid" })
    }

    @Test func turnsLoggedGCDisableAndEnableIntoEvents() throws {
        let sink = try Fixtures.parse("gc-stat/ruby31_gc_stat_logger.log", as: .rubyGCStat)
        #expect(sink.events.map(\.message) == ["GC.disable", "GC.enable"])
        #expect(sink.events.map(\.line) == [9, 18])
        #expect(sink.events.map(\.kind) == ["gc", "gc"])
        #expect(sink.events.first?.ts.iso8601 == "2026-11-22T01:39:29.252Z")
        #expect(sink.events.first?.pid == 16677)
    }

    @Test func readsRuby34InspectSyntax() throws {
        let sink = try parse(
            "I, [2026-11-22T01:39:21.557977 #77]  INFO -- web: GC.stat {count: 28, time: 38, heap_live_slots: 89709, "
                + "minor_gc_count: 24, major_gc_count: 4, weird?: 1, latest: {a: 1}, malloc_increase_bytes: 15560}")
        let sample = try #require(sink.gcSamples.first)
        #expect(sample.pid == 77)
        #expect(sample.ts?.iso8601 == "2026-11-22T01:39:21.557Z")
        #expect(
            sample.entries.map(\.key) == [
                "count", "time", "heap_live_slots", "minor_gc_count", "major_gc_count", "weird?",
                "malloc_increase_bytes",
            ])
    }

    @Test func readsRackMiniProfilersProfileGCReport() throws {
        // Given the layout of rack-mini-profiler's ?pp=profile-gc report (figures as quoted in seed 002)
        let report = """
            Overview
            --------
            Initial state: object count: 583769
            Memory allocated outside heap (bytes): 109579497
            GC Stats:
            --------
            count : 86
            heap_allocated_pages : 2602
            heap_free_slots : 238107
            heap_live_slots : 822485
            major_gc_count : 16
            minor_gc_count : 70
            total_allocated_objects : 9572514
            New bytes allocated outside of Ruby heaps: 492677
            New objects: 6141
            ObjectSpace delta caused by request:
            -----------------------------------
            String : 4241
            NewRelic::Agent::Transaction::Segment : 28
            """
        let sink = try parse(report)
        #expect(sink.skipped.isEmpty)
        let sample = try #require(sink.gcSamples.first)
        #expect(sink.gcSamples.count == 1)
        #expect(sample.line == 3)
        #expect(sample.integer("count") == 86)
        #expect(sample.integer("heap_live_slots") == 822_485)
        #expect(sample.integer("initial_object_count") == 583_769)
        #expect(sample.integer("new_objects") == 6141)
        #expect(sample.integer("delta.String") == 4241)
        #expect(sample.integer("delta.NewRelic::Agent::Transaction::Segment") == 28)
    }

    @Test func skipsATruncatedGCStatHashAndIgnoresOtherHashes() throws {
        let sink = try parse(
            """
            {:count=>28, :time=>38, :heap_live_slots=>89709, :heap_free
            {:TOTAL=>22065, :FREE=>922, :T_OBJECT=>393}
            2026-11-22T01:39:22.652Z pid=9
            {:count=>40, :heap_live_slots=>126887}
            """)
        #expect(sink.skipped.map(\.line) == [1])
        #expect(sink.skipped.first?.reason == "GC.stat hash without its closing '}' (truncated?)")
        #expect(sink.gcSamples.map(\.line) == [4])
        #expect(sink.gcSamples.first?.pid == 9)
        #expect(sink.gcSamples.first?.ts?.iso8601 == "2026-11-22T01:39:22.652Z")
    }

    @Test func storesCommonKeysAsColumnsAndEveryKeyAsJSON() throws {
        let db = try MemlineDatabase.inMemory()
        let summary = try db.ingest(path: Fixtures.path("gc-stat/ruby31_gc_stat.jsonl"))
        #expect(summary.format == "ruby-gc-stat")
        #expect(summary.rowCounts == ["gc_samples": 24])
        let row = try db.query(
            sql: """
                SELECT ts, pid, count, minor_gc_count, major_gc_count, heap_live_slots, heap_free_slots, heap_allocated_pages,
                  total_allocated_objects, total_freed_objects, malloc_increase_bytes, old_objects,
                  json_extract(raw, '$.oldmalloc_increase_bytes') FROM gc_samples ORDER BY line LIMIT 1
                """)
        #expect(
            row.rows == [
                [
                    .text("2026-11-22T01:39:21.557Z"), .integer(16677), .integer(28), .integer(24), .integer(4),
                    .integer(89709),
                    .integer(184), .integer(220), .integer(475_969), .integer(386_260), .integer(15560),
                    .integer(54492),
                    .integer(132_536),
                ]
            ])
    }

    // MARK: - Verdicts

    @Test func recordedGCDisableIsGCNeverRuns() throws {
        // Given the recorded run with GC.disable from second 8 to 16, ingested in all three forms
        let db = try MemlineDatabase.inMemory()
        for file in ["ruby31_gc_stat_inspect.txt", "ruby31_gc_stat.jsonl", "ruby31_gc_stat_logger.log"] {
            _ = try db.ingest(path: Fixtures.path("gc-stat/\(file)"))
        }
        let verdicts = try db.gcVerdicts()
        // Then one process, its samples counted once, and the stall found with its figures
        let verdict = try #require(verdicts.first)
        #expect(verdicts.count == 1)
        #expect(verdict.pid == 16677)
        #expect(verdict.kind == .gcNeverRuns)
        #expect(verdict.samples == 24)
        #expect(verdict.evidence.hasPrefix("GC.count stayed at 81 for 9 samples"))
        #expect(verdict.evidence.contains("live slots grew 268,010 → 4,748,801"))
        #expect(verdict.evidence.hasSuffix("GC ran again afterwards (+2 runs)."))
        #expect(verdict.figures.first == GCVerdict.Figure(name: "GC runs", value: "28 → 83 (+55)"))
    }

    /// A generated series: `n` samples a minute apart, GC running every sample.
    private func series(
        live: (Int) -> Int, rssKB: ((Int) -> Double)?, count: (Int) -> Int = { 10 + $0 * 3 }, n: Int = 20
    ) -> GCSeries {
        let start = Timestamp(milliseconds: 1_795_311_506_000)
        let points = (0..<n).map { i in
            GCSeries.Point(
                ts: start.adding(milliseconds: Int64(i) * 60_000), count: count(i), liveSlots: live(i),
                heapPages: live(i) / 400, totalAllocated: 1_000_000 + i * 500_000)
        }
        let rss = rssKB.map { f in (0..<n).map { i in (ts: start.adding(milliseconds: Int64(i) * 60_000), kb: f(i)) } }
        return GCSeries(host: nil, pid: 42, points: points, rss: rss ?? [])
    }

    @Test func liveSlotsGrowingWithRSSIsRubyHeapGrowth() throws {
        // Given live slots and RSS both climbing while GC keeps running, read back from the database
        let db = try MemlineDatabase.inMemory()
        let generated = series(live: { 300_000 + $0 * 40_000 }, rssKB: { 200_000 + Double($0) * 12_000 })
        let jsonl = generated.points.map { p in
            "{\"count\":\(p.count ?? 0),\"heap_live_slots\":\(p.liveSlots ?? 0),\"heap_allocated_pages\":\(p.heapPages ?? 0),"
                + "\"total_allocated_objects\":\(p.totalAllocated ?? 0),\"timestamp\":\"\(p.ts?.iso8601 ?? "")\",\"pid\":42}"
        }.joined(separator: "\n")
        _ = try db.ingest(source: BytesSource(jsonl), path: "gc.jsonl", name: "gc.jsonl")
        try db.write { d in
            try d.execute(
                sql: "INSERT INTO artifacts (path, name, format, ingested_at) VALUES ('r', 'r', 'test', 'now')")
            let artifact = d.lastInsertedRowID
            for sample in generated.rss {
                try d.execute(
                    sql: "INSERT INTO rss_samples (artifact_id, line, ts, pid, rss_kb) VALUES (?, 1, ?, 42, ?)",
                    arguments: [artifact, sample.ts.iso8601, sample.kb])
            }
        }
        let verdict = try #require(try db.gcVerdicts(pid: 42).first)
        #expect(verdict.kind == .rubyHeapGrowth)
        #expect(verdict.evidence.hasPrefix("Live slots grew +"))
        #expect(verdict.evidence.contains("and RSS grew +"))
        #expect(verdict.advice.contains("memline heap diff"))
        #expect(verdict.figures.last?.value.hasSuffix("20 samples)") == true)
        #expect(try db.gcVerdicts(pid: 43).isEmpty)
    }

    @Test func rssGrowingWithFlatLiveSlotsIsMallocGrowth() {
        let verdict = GCVerdict(
            series: series(live: { 500_000 + ($0 % 3) * 5_000 }, rssKB: { 300_000 + Double($0) * 15_000 }))
        #expect(verdict.kind == .mallocGrowth)
        #expect(verdict.advice.contains("MALLOC_ARENA_MAX=2"))
        #expect(verdict.advice.contains("jemalloc"))
    }

    @Test func aSawtoothWithFlatRSSIsStable() {
        // Live slots rise and fall with each GC; RSS plateaus; GC.count pauses for two samples now and then
        let verdict = GCVerdict(
            series: series(
                live: { 400_000 + ($0 % 4) * 60_000 }, rssKB: { 350_000 + Double($0 % 2) * 2_000 },
                count: { 10 + $0 / 2 }))
        #expect(verdict.kind == .stable)
        #expect(verdict.evidence.contains("GC ran 9 times"))
    }

    @Test func aPauseOfAFewSamplesInALongSeriesIsNotGCNeverRuns() {
        // Given 40 samples where GC.count pauses for 4 of them (a heap grown earlier had free slots) while live
        // slots and RSS climb and GC runs before and after
        let verdict = GCVerdict(
            series: series(
                live: { 300_000 + $0 * 40_000 }, rssKB: { 200_000 + Double($0) * 12_000 },
                count: { i in i < 18 ? 10 + i * 3 : (i < 22 ? 10 + 17 * 3 : 10 + (i - 4) * 3) }, n: 40))
        // Then the verdict is about the heap, not a disabled GC
        #expect(verdict.kind == .rubyHeapGrowth)
    }

    @Test func aFlatGCCountForTheWholeSeriesWithGrowingHeapIsGCNeverRuns() {
        let verdict = GCVerdict(series: series(live: { 100_000 + $0 * 90_000 }, rssKB: nil, count: { _ in 7 }, n: 4))
        #expect(verdict.kind == .gcNeverRuns)
        #expect(verdict.evidence.hasPrefix("GC.count stayed at 7 for 4 samples"))
        let single = GCVerdict(series: series(live: { _ in 1 }, rssKB: nil, n: 1))
        #expect(single.kind == .notEnoughData)
    }
}
