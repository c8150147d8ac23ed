import Foundation
import Testing

@testable import MemlineKit

/// A heap dump cut mid-object is stored as a partial snapshot and never presented as complete.
struct PartialHeapSnapshotTests {
    @Test func dumpCutMidObjectIsAPartialSnapshotFlaggedInListDiffTrendAndReport() throws {
        // Given two whole recorded dumps and the third cut in the middle of an object, as a copy stopped short
        let db = try MemlineDatabase.inMemory()
        for i in 1...2 { _ = try db.ingest(path: Fixtures.path("heap/heap-\(i).json.gz")) }
        let lines = try Fixtures.lines("heap/heap-3.json.gz").map(\.text)
        let cutAt = lines.count / 2
        let text = lines[..<(cutAt - 1)].joined(separator: "\n") + "\n" + lines[cutAt - 1].prefix(25)
        let summary = try db.ingest(source: BytesSource(text), path: "heap-3.json", name: "heap-3.json")
        // When it is stored, Then it is one skipped line and a snapshot marked partial at that line
        #expect(summary.skipped == 1)
        let third = try db.heapSnapshot(named: "heap-3")
        #expect(third.partialLine == cutAt)
        // And `heap list` flags it
        let list = try db.heapSnapshotList().rendered(as: .csv)
        #expect(list.contains("PARTIAL: cut at line \(cutAt)"))
        // And the diff and the trend that use it say so first
        let diff = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
        #expect(diff.notes.first?.contains("heap-3 is a partial snapshot") == true)
        #expect(diff.rendered(as: .table).contains("cut mid-object at line \(cutAt)"))
        let trend = try db.heapTrend(snapshots: [], by: .site)
        #expect(trend.notes.contains { $0.contains("heap-3 is a partial snapshot") })
        // And so does the report's heap section
        let model = try ReportBuilder(database: db, options: ReportOptions()).build()
        let heap = try #require(model.tables.first { $0.anchor == "heap" })
        #expect(heap.note?.contains("heap-3 is a partial snapshot") == true)
    }
}
