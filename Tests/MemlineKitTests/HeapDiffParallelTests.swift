import Foundation
import Testing

@testable import MemlineKit

/// The diff of large dumps scans BASE on a second connection; it must report exactly what the
/// one-connection diff reports.
struct HeapDiffParallelTests {
    @Test func scanningBaseOnASecondConnectionGivesTheSameReport() throws {
        // Given the three recorded snapshots in a database file
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("parallel.sqlite").path
        let db = try MemlineDatabase(path: path)
        for i in 1...3 { _ = try db.ingest(path: Fixtures.path("heap/heap-\(i).json.gz")) }
        // When they are diffed on one connection, then with BASE on a second one
        let serial = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"], top: 10, parallelFrom: .max)
        let parallel = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"], top: 10, parallelFrom: 0)
        // Then the reports are the same, groups, counts, paths and retainers included
        #expect(parallel.leakedObjects == 603)
        #expect(parallel.leakedObjects == serial.leakedObjects)
        #expect(parallel.leakedMemsize == serial.leakedMemsize)
        #expect(parallel.groups == serial.groups)
        #expect(parallel.notes == serial.notes)
    }
}
