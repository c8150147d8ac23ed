import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct StoreTests {
    @Test func migratesEmptyDatabaseToDocumentedSchema() throws {
        // Given an empty database
        let db = try MemlineDatabase.inMemory()
        // When the catalog is read
        let catalog = try SchemaCatalog.load(from: db)
        // Then the tables users write SQL against exist with their documented columns
        let names = Set(catalog.relations.map(\.name))
        for table in ["artifacts", "rss_samples", "requests", "jobs", "events", "ingest_errors", "request_memory"] {
            #expect(names.contains(table), "missing table \(table)")
        }
        let requests = try #require(catalog.relations.first { $0.name == "requests" })
        let columns = Set(requests.columns.map(\.name))
        for column in [
            "ts_start", "ts_end", "duration_ms", "host", "pid", "request_id", "method", "path", "endpoint",
            "action", "status", "artifact_id", "line",
        ] {
            #expect(columns.contains(column), "requests.\(column)")
        }
        // And every column of every table has a meaning
        for relation in catalog.relations where !relation.isView {
            #expect(!relation.meaning.isEmpty, "table \(relation.name) has no comment in its migration")
            for column in relation.columns {
                #expect(!column.meaning.isEmpty, "\(relation.name).\(column.name) has no meaning")
            }
        }
    }

    @Test func everyMigrationFileIsEmbedded() throws {
        // Given the Migrations/ folder of the source tree
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Migrations")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".sql") }
        // Then each file is in the embedded table, in name order
        let embedded = SchemaMigrations.all.map { $0.identifier + ".sql" }
        #expect(embedded == files.sorted())
    }

    @Test func refusesDatabaseFromNewerMemline() throws {
        // Given a database file with a migration this build does not know
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.sqlite").path
        _ = try MemlineDatabase(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('m9999_future')")
        }
        // When it is opened, Then a clear error names the unknown migration
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["m9999_future"])) {
            _ = try MemlineDatabase(path: path)
        }
    }

    @Test func databaseThatRecordedTheOldMigrationNumbersOpensWithoutApplyingThemTwice() throws {
        // Given a database written before two migrations stopped sharing the number m0003, with one artifact
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.sqlite").path
        let db = try MemlineDatabase(path: path)
        try db.write { conn in
            try conn.execute(
                sql:
                    "INSERT INTO artifacts (path, name, format, ingested_at) VALUES ('a', 'a', 'pidstat', '2026-12-01')"
            )
        }
        let queue = try DatabaseQueue(path: path)
        try queue.write { conn in
            for (old, new) in SchemaMigrations.renamed {
                try conn.execute(
                    sql: "UPDATE grdb_migrations SET identifier = ? WHERE identifier = ?", arguments: [old, new])
            }
        }
        try queue.close()
        // When it is opened read-only, Then it is complete, not older
        #expect(
            try MemlineDatabase(readingOnly: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM artifacts") }
                == 1)
        // When it is opened for writing, Then no migration runs again and the identifiers are the current ones
        let reopened = try MemlineDatabase(path: path)
        let identifiers = try reopened.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(Set(identifiers) == Set(SchemaMigrations.all.map(\.identifier)))
        #expect(try reopened.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM artifacts") } == 1)
    }

    @Test func queryRefusesWrites() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.sqlite").path
        _ = try MemlineDatabase(path: path)
        #expect(throws: StoreError.self) {
            _ = try MemlineDatabase.query(path: path, sql: "DELETE FROM artifacts")
        }
        let result = try MemlineDatabase.query(path: path, sql: "SELECT 1 AS one, 'a,b' AS t, NULL AS n")
        #expect(result.rendered(as: .csv) == "one,t,n\n1,\"a,b\",\n")
        #expect(result.rendered(as: .json) == "[\n  {\"one\": 1, \"t\": \"a,b\", \"n\": null}\n]\n")
        #expect(result.rendered(as: .markdown) == "| one | t | n |\n| ---: | --- | ---: |\n| 1 | a,b |  |\n")
    }

    @Test func annotationIsAnEventWithItsOwnArtifact() throws {
        let db = try MemlineDatabase.inMemory()
        let ts = try #require(Timestamp.parseUserInput("2026-11-21T10:22:00Z"))
        try db.annotate(at: ts, kind: "restart", message: "restarted web dynos")
        let rows = try db.query(sql: "SELECT ts, kind, message, file, line FROM v_events")
        #expect(
            rows.rows == [
                [
                    .text("2026-11-21T10:22:00.000Z"), .text("restart"), .text("restarted web dynos"),
                    .text("annotation"), .integer(1),
                ]
            ])
    }
}
