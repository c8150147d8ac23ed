import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Indexes of empty tables are dropped for an artifact's load and built again in the same transaction.
struct DeferredIndexesTests {
    private func indexes(_ db: MemlineDatabase) throws -> [String] {
        try db.read { db in
            try String.fetchAll(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        }
    }

    @Test func theIndexesAreBackAfterALoadIntoEmptyTables() throws {
        // Given a new database and its indexes
        let db = try MemlineDatabase.inMemory()
        let before = try indexes(db)
        // When a per-request RSS log loads into its empty tables
        let summary = try db.ingest(path: Fixtures.path("request-rss/performance.log"))
        #expect(summary.rows > 0)
        // Then the same indexes are there, and the queries use them
        #expect(try indexes(db) == before)
        let plan = try db.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM request_memory WHERE pid = 1 ORDER BY ts")
                .map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("rss_rows_request_pid_ts") })
    }

    @Test func aRefusedIngestLeavesTheIndexesInPlace() throws {
        // Given a new database
        let db = try MemlineDatabase.inMemory()
        let before = try indexes(db)
        // When an ingest is refused after its rows were written (--strict and a garbage line)
        var options = IngestOptions()
        options.strict = true
        #expect(throws: (any Error).self) {
            try db.ingest(path: Fixtures.path("request-rss/performance.log-20170727"), options: options)
        }
        // Then nothing landed and every index is still there
        #expect(try indexes(db) == before)
        #expect(try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rss_rows") } == 0)
    }
}
