import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// A large load runs under a rollback journal, and the database is back in WAL mode after it, whatever happened.
struct BulkLoadJournalTests {
    private func journalMode(_ db: MemlineDatabase) throws -> String {
        try db.writer.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    private func withDatabase(_ body: (MemlineDatabase, URL) throws -> Void) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("incident.sqlite")
        try body(try MemlineDatabase(path: url.path), url)
    }

    @Test func aLargeLoadRunsUnderARollbackJournalAndWALComesBack() throws {
        try withDatabase { db, _ in
            // When a load of the minimum size runs
            let inside = try BulkLoadJournal.during(db.writer, bytes: BulkLoadJournal.minimumBytes) {
                try journalMode(db)
            }
            // Then it ran under the rollback journal, and WAL is back after it
            #expect(inside == "delete")
            #expect(try journalMode(db) == "wal")
        }
    }

    @Test func aSmallLoadOrAnUnknownSizeStaysInWAL() throws {
        try withDatabase { db, _ in
            for bytes in [nil, BulkLoadJournal.minimumBytes - 1] {
                let mode = try BulkLoadJournal.during(db.writer, bytes: bytes) { try journalMode(db) }
                #expect(mode == "wal")
            }
        }
    }

    @Test func aFailedLoadRollsBackAndLeavesWAL() throws {
        try withDatabase { db, _ in
            struct Refused: Error {}
            // When the load's transaction throws after writing
            #expect(throws: Refused.self) {
                try BulkLoadJournal.during(db.writer, bytes: BulkLoadJournal.minimumBytes) {
                    try db.write { db in
                        try db.execute(
                            sql: "INSERT INTO artifacts (path, name, format, ingested_at) VALUES ('a', 'a', 'x', 'now')"
                        )
                        throw Refused()
                    }
                }
            }
            // Then nothing landed, and the database is in WAL mode again
            let artifacts = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM artifacts") }
            #expect(artifacts == 0)
            #expect(try journalMode(db) == "wal")
        }
    }

    @Test func anotherOpenConnectionKeepsTheLoadInWAL() throws {
        try withDatabase { db, url in
            // Given another connection reading the file
            let other = try DatabaseQueue(path: url.path)
            try other.read { reader in
                _ = try Int.fetchOne(reader, sql: "SELECT count(*) FROM artifacts")
                // When a large load starts meanwhile, it runs (in WAL mode) instead of waiting for the reader
                let inside = try BulkLoadJournal.during(db.writer, bytes: BulkLoadJournal.minimumBytes) {
                    try journalMode(db)
                }
                #expect(inside == "wal")
            }
            #expect(try journalMode(db) == "wal")
        }
    }
}
