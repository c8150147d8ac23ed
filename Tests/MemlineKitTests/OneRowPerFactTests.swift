import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// m0011: a per-request RSS line is one `rss_rows` row, seen through both `request_memory` and `rss_samples`.
struct OneRowPerFactTests {
    @Test func aPerRequestLineIsOneRowSeenThroughBothViews() throws {
        // Given a per-request RSS log
        let db = try MemlineDatabase.inMemory()
        let summary = try db.ingest(path: Fixtures.path("request-rss/performance.log"))
        // Then each line is stored once, and both views show it with the columns they always had
        let counts = try db.read { db in
            try [
                "rss_rows", "request_memory", "rss_samples",
            ].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1 }
        }
        let lines = try #require(summary.rowCounts["request_memory"])
        #expect(counts == [lines, lines, lines])
        #expect(summary.rowCounts["rss_samples"] == lines)
        let same = try db.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM request_memory m JOIN rss_samples s ON s.id = m.id
                    WHERE s.ts = m.ts AND s.pid IS m.pid AND s.rss_kb = m.rss_kb AND s.process IS NULL
                    """)
        }
        #expect(same == lines)
    }

    @Test func aDatabaseOfThePreviousReleaseLosesOnlyTheCopies() throws {
        // Given a database at the schema before m0011: a per-request line stored twice, a per-request row without
        // its sample (written by hand), and a pidstat sample
        let queue = try DatabaseQueue()
        var before = DatabaseMigrator()
        for migration in SchemaMigrations.all where migration.identifier < "m0011" {
            let sql = String(decoding: migration.sql, as: UTF8.self)
            before.registerMigration(migration.identifier) { db in try db.execute(sql: sql) }
        }
        try before.migrate(queue)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO artifacts (id, path, name, format, ingested_at) VALUES
                        (1, 'performance.log', 'performance.log', 'request-rss', 'x'),
                        (2, 'pidstat.txt', 'pidstat.txt', 'pidstat', 'x');
                    INSERT INTO request_memory (artifact_id, line, ts, pid, url, path, endpoint, delta_kb, rss_kb)
                    VALUES (1, 1, '2026-11-22T01:00:00.000Z', 7551, 'https://a/reports/1', '/reports/1',
                            '/reports/:id', 120, 200000);
                    INSERT INTO rss_samples (artifact_id, line, ts, pid, rss_kb) VALUES
                        (1, 1, '2026-11-22T01:00:00.000Z', 7551, 200000);
                    INSERT INTO request_memory (artifact_id, line, ts, pid, url, path, endpoint, delta_kb, rss_kb)
                    VALUES (1, 2, '2026-11-22T01:00:02.000Z', 7552, 'https://a/', '/', '/', 0, 100);
                    INSERT INTO rss_samples (artifact_id, line, ts, host, pid, process, rss_kb, vsz_kb) VALUES
                        (2, 4, '2026-11-22T01:00:01.000Z', 'vm', 7551, 'unicorn worker[0]', 200100, 300000);
                    """)
        }
        // When it is opened by this release
        try SchemaMigrations.migrator.migrate(queue)
        // Then the per-request line is one row, the sample stays, and both views read as before
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT artifact_id, line, url IS NOT NULL AS request FROM rss_rows ORDER BY id")
                .map { [$0[0] as Int64, $0[1] as Int64, $0[2] as Int64] }
        }
        #expect(rows == [[2, 4, 0], [1, 1, 1], [1, 2, 1]])
        let views = try queue.read { db in
            try [
                Row.fetchAll(db, sql: "SELECT ts, pid, process, rss_kb, vsz_kb FROM rss_samples ORDER BY ts").map {
                    "\($0[0] as String) \($0[1] as Int64) \(($0[2] as String?) ?? "-") \($0[3] as Int64)"
                },
                Row.fetchAll(db, sql: "SELECT endpoint, delta_kb, rss_kb FROM request_memory ORDER BY id").map {
                    "\($0[0] as String) \($0[1] as Int64) \($0[2] as Int64)"
                },
            ]
        }
        #expect(
            views == [
                ["2026-11-22T01:00:00.000Z 7551 - 200000", "2026-11-22T01:00:01.000Z 7551 unicorn worker[0] 200100"],
                ["/reports/:id 120 200000", "/ 0 100"],
            ])
    }

    @Test func aClockShiftMovesAPerRequestRowOnce() throws {
        // Given a per-request RSS log
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("request-rss/performance.log"))
        let first = try db.read { db in try Int64.fetchOne(db, sql: "SELECT min(ts_ms) FROM rss_rows") }
        // When its clock is moved by one second (through both views, as `skew apply` does)
        _ = try db.applyClockOffset(artifact: "1", offset: ClockOffset(milliseconds: 1000))
        // Then its rows moved by one second, not two
        let moved = try db.read { db in try Int64.fetchOne(db, sql: "SELECT min(ts_ms) FROM rss_rows") }
        let before = try #require(first)
        let after = try #require(moved)
        #expect(after - before == 1000)
    }

    @Test func theViewsShowIntegerTimesAsTheISOTextTheyWereWrittenAs() throws {
        // Given rows written through the views with ISO-8601 times, before 1970 and at the last millisecond of 9999
        let db = try MemlineDatabase.inMemory()
        let times = ["2026-11-22T01:00:00.123Z", "1969-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"]
        try db.write { db in
            try db.execute(
                sql: "INSERT INTO artifacts (id, path, name, format, ingested_at) VALUES (1, 'a', 'a', 'csv', 'x')")
            for (i, ts) in times.enumerated() {
                try db.execute(
                    sql: "INSERT INTO rss_samples (artifact_id, line, ts, pid, rss_kb) VALUES (1, ?, ?, 1, 100)",
                    arguments: [i + 1, ts])
            }
        }
        // Then the table holds milliseconds and the view reads the same text back
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT ts, ts_ms FROM rss_samples ORDER BY line").map {
                ($0[0] as String, $0[1] as Int64)
            }
        }
        #expect(rows.map(\.0) == times)
        #expect(rows.map(\.1) == times.map { Timestamp.parseISO($0)?.milliseconds ?? 0 })
        // And an update of the text time through the view moves the integer
        try db.write { db in
            try db.execute(sql: "UPDATE rss_samples SET ts = '2026-11-22T01:00:01.000Z' WHERE line = 1")
        }
        let moved = try db.read { db in try Int64.fetchOne(db, sql: "SELECT ts_ms FROM rss_rows WHERE line = 1") }
        #expect(moved == Timestamp.parseISO("2026-11-22T01:00:01.000Z")?.milliseconds)
    }

    @Test func seriesAndPerRequestRowsAreReadInIndexOrderWithoutASort() throws {
        // Given the schema
        let db = try MemlineDatabase.inMemory()
        // When the analysis reads a series and one pid's requests in time order
        let plans = try db.read { db in
            try [
                "SELECT ts_ms, rss_kb FROM rss_samples ORDER BY host, pid, ts_ms, id",
                "SELECT ts_ms, delta_kb FROM request_memory WHERE pid = 7 ORDER BY ts_ms, id",
                "SELECT count(*) FROM request_memory WHERE ts_ms BETWEEN 1 AND 2",
            ].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").map { $0["detail"] as String }
                    .joined(separator: " | ")
            }
        }
        // Then each goes through an index on the integer time, with no temporary sort of the times
        for plan in plans {
            #expect(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
        }
    }

    @Test func rowsInsertedIntoTheViewsLandInTheTable() throws {
        // Given SQL written for the tables as they were (scripts, tests, users' inserts)
        let db = try MemlineDatabase.inMemory()
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO artifacts (id, path, name, format, ingested_at) VALUES (1, 'a', 'a', 'csv', 'x');
                    INSERT INTO rss_samples (artifact_id, line, ts, pid, process, rss_kb)
                    VALUES (1, 1, '2026-11-22T01:00:00.000Z', 1, 'ruby', 100);
                    INSERT INTO request_memory (artifact_id, line, ts, pid, url, path, endpoint, delta_kb, rss_kb)
                    VALUES (1, 2, '2026-11-22T01:00:01.000Z', 1, '/x', '/x', '/x', 5, 105);
                    """)
        }
        // Then each is one row, in the view it was inserted into only (as with the tables before m0011)
        let counts = try db.read { db in
            try ["rss_rows", "rss_samples", "request_memory"].map {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
            }
        }
        #expect(counts == [2, 1, 1])
    }
}
