import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// A report made while another memline (`ingest`, `record`) holds the write lock.
struct ReportUnderWriterTests {
    @Test func reportOfAnUnanalysedDatabaseIsWrittenWhileAnotherWriterHoldsTheLock() throws {
        // Given an ingested database not analysed yet, and another connection in the middle of a write
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("incident.sqlite").path
        let db = try MemlineDatabase(path: path)
        _ = try db.ingest(path: Fixtures.path("demo/pidstat.txt.gz"))
        let writer = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? writer.write { db in
                try db.execute(sql: "CREATE TABLE writer_in_progress (x)")
                locked.signal()
                release.wait()
            }
        }
        holder.start()
        locked.wait()
        defer { release.signal() }
        // When the report is made (it would re-run the analysis, which needs the lock)
        var notes: [String] = []
        let paths = try ReportPipeline.run(
            database: db, options: ReportOptions(), templates: nil, out: dir.appendingPathComponent("out").path,
            format: .md, note: { notes.append($0) })
        // Then it is written from what the database holds, and says why the analysis was not refreshed
        #expect(paths.contains { $0.hasSuffix("report.md") })
        #expect(notes.first?.contains("another memline is writing") == true)
    }
}
