import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct TracemallocTests {
    static let folder = "verdicts/h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report"
    static let first = "\(folder)/tracemalloc-20261207T073132+0100.txt"

    @Test func statisticsOfARecordedSnapshotAreStacksOfOneSiteEach() throws {
        // Given a snapshot printed by Python 3.11 (`snapshot.statistics("lineno")`, top 12) under a comment header
        let head = try Fixtures.lines(Self.first).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "tracemalloc")
        let sink = try Fixtures.parse(Self.first, as: .tracemalloc)
        // Then each statistic is one stack, its site the frame, its size and count as printed
        #expect(sink.skipped.isEmpty)
        #expect(sink.profileStacks.count == 12)
        let top = try #require(sink.profileStacks.first)
        #expect(top.sites == ["/srv/dunlow/dunlow.py:73"] && top.objects == 277)
        #expect(top.bytes == Int((16.1 * 1024 * 1024).rounded()))
        // A frozen module's site loses its angle brackets; bytes print as `5922 B`
        #expect(sink.profileStacks.contains { $0.sites == ["frozen importlib._bootstrap:241"] && $0.bytes == 5922 })
        // And the header's pid and time say whose snapshot it is and when (+01:00 read as written)
        let profile = try #require(sink.heapProfiles.first)
        #expect(profile.kind == "tracemalloc" && profile.pid == 10694)
        #expect(profile.takenAt == (try #require(Timestamp.parseISO("2026-12-07T06:31:32Z"))))
    }

    @Test func compareToLinesGiveTheNewerSnapshotsFiguresAndTracebacksAreContext() throws {
        // Given `compare_to` output, CRLF line ends, a traceback under one statistic, one damaged line, and the
        // first site printed again (the snapshot's statistics after its comparison)
        let lines = [
            "app.py:73: size=32.8 MiB (+16.7 MiB), count=575 (+298), average=58.4 KiB\r",
            "  File \"/srv/app/app.py\", line 73\r",
            "    body = self.rfile.read(n)\r",
            "/usr/lib/python3.11/json/decoder.py:353: size=1024 B (-2048 B), count=4 (-9), average=256 B\r",
            "app.py:81 size=oops\r",
            "app.py:73: size=32.8 MiB, count=575, average=58.4 KiB\r",
        ].enumerated().map { Line(number: $0.offset + 1, text: $0.element) }
        let sink = RowCollector()
        var parser = ArtifactFormat.tracemalloc.makeParser(ParseContext(sourceName: "diff.txt"))
        try parser.parseAll(lines, into: sink)
        // Then the sizes and counts are the newer snapshot's, each site once, the traceback lines read as context
        #expect(sink.profileStacks.map(\.bytes) == [Int((32.8 * 1024 * 1024).rounded()), 1024])
        #expect(sink.profileStacks.map(\.objects) == [575, 4])
        // And the damaged line is skipped with the layout expected
        #expect(sink.skipped.map(\.line) == [5])
        #expect(sink.skipped.first?.reason.contains("tracemalloc statistic") == true)
    }

    @Test func ingestedSnapshotsDiffBySiteLikeHeapProfiles() throws {
        // Given two snapshots of one process ingested
        let db = try MemlineDatabase.inMemory()
        for name in ["tracemalloc-20261207T073132+0100.txt", "tracemalloc-20261207T073252+0100.txt"] {
            _ = try db.ingest(path: Fixtures.path("\(Self.folder)/\(name)"))
        }
        // Then the frames carry their site as function and location, and the site grew between them
        let rows = try db.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.label, s.bytes FROM profile_frames f JOIN profile_stacks s ON s.id = f.stack_id
                    JOIN heap_profiles p ON p.id = f.profile_id
                    WHERE f.function = '/srv/dunlow/dunlow.py:73' AND f.location = f.function ORDER BY p.taken_at
                    """)
        }
        #expect(rows.count == 2)
        let bytes = rows.map { $0["bytes"] as Int }
        #expect(bytes[1] > bytes[0] * 2 - 1_000_000)
    }

    @Test func otherLinesWithSizesAreNotTracemalloc() {
        // A log line that mentions a size is no statistic
        #expect(TracemallocLine("INFO cache: size=3 MiB, count=2") == nil)
        #expect(TracemallocLine("app.py:12: size=12 parsecs, count=1, average=1 B") == nil)
        #expect(TracemallocLine("app.py:x: size=12 B, count=1, average=12 B") == nil)
    }
}
