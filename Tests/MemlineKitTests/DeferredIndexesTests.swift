import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Indexes of empty tables are dropped for an artifact's load and built again in the same transaction, or once at
/// the end of an ingest of several files.
struct DeferredIndexesTests {
    static let rotated = ["request-rss/performance.log-20170727", "request-rss/performance.log"]

    private func pending(_ db: MemlineDatabase) throws -> [String] {
        try db.read { db in try String.fetchAll(db, sql: "SELECT name FROM pending_indexes ORDER BY name") }
    }

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

    @Test func filesIngestedTogetherHaveTheirIndexesBuiltOnceAfterTheLast() throws {
        // Given a new database and its indexes
        let db = try MemlineDatabase.inMemory()
        let before = try indexes(db)
        // When two rotated logs are ingested together
        var between: (indexes: [String], pending: [String]) = ([], [])
        try db.ingestingMany {
            _ = try db.ingest(path: Fixtures.path(Self.rotated[0]))
            between = (try indexes(db), try pending(db))
            _ = try db.ingest(path: Fixtures.path(Self.rotated[1]))
        }
        // Then between the two the loaded tables' indexes were pending, not built
        #expect(between.pending.contains("rss_rows_request_pid_ts"))
        #expect(between.indexes.count == before.count - between.pending.count)
        // And afterwards every index is back and none is pending
        #expect(try indexes(db) == before)
        #expect(try pending(db).isEmpty)
    }

    @Test func anIngestKilledBetweenTwoFilesHasItsIndexesBuiltWhenTheDatabaseOpens() throws {
        // Given a file database, and an ingest of several files that stored one and went no further
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("incident.sqlite").path
        let before = try indexes(MemlineDatabase(path: path))
        try DeferredIndexes.$acrossArtifacts.withValue(true) {
            _ = try MemlineDatabase(path: path).ingest(path: Fixtures.path(Self.rotated[0]))
        }
        #expect(try !pending(MemlineDatabase(readingOnly: path)).isEmpty)
        // When the database is opened again
        let db = try MemlineDatabase(path: path)
        // Then the indexes are built and the rows kept
        #expect(try indexes(db) == before)
        #expect(try pending(db).isEmpty)
        #expect(try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM request_memory") ?? 0 } > 0)
    }

    @Test func anIngestOfSeveralFilesThatFailsStillBuildsTheIndexes() throws {
        // Given a new database
        let db = try MemlineDatabase.inMemory()
        let before = try indexes(db)
        // When an ingest of several files stores one and then fails
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.ingestingMany {
                _ = try db.ingest(path: Fixtures.path(Self.rotated[1]))
                throw Stop()
            }
        }
        // Then the file stored has its indexes
        #expect(try indexes(db) == before)
        #expect(try pending(db).isEmpty)
    }
}
