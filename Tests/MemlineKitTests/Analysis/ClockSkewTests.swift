import Foundation
import GRDB
import Testing

@testable import MemlineKit

struct ClockSkewTests {
    // MARK: Offsets typed by users

    @Test(arguments: [
        ("-3s", Int64(-3000)), ("+1500ms", 1500), ("2.5s", 2500), ("-1m", -60_000), ("1h", 3_600_000),
        (" -0.25s ", -250), ("0ms", 0),
    ])
    func offsetsReadSignedNumbersWithAUnit(text: String, ms: Int64) throws {
        #expect(try ClockOffset(parsing: text).milliseconds == ms)
    }

    @Test(arguments: ["3", "", "s", "-3 sec", "three s", "1e3s", "--3s", "+-1s", "3d"])
    func offsetsWithoutANumberAndUnitAreRefused(text: String) {
        #expect(throws: SkewError.badOffset(text)) { try ClockOffset(parsing: text) }
    }

    @Test func offsetsOfMoreThanAWeekAreAWrongDateNotSkew() {
        #expect(throws: SkewError.offsetTooLarge("200h")) { try ClockOffset(parsing: "200h") }
        #expect(SkewError.badOffset("3").localizedDescription.contains("-3s, +1500ms"))
    }

    @Test func offsetsPrintWithTheirSignAndUnit() {
        #expect(ClockOffset(milliseconds: -3000).description == "-3 s")
        #expect(ClockOffset(milliseconds: 1500).description == "+1.500 s")
        #expect(ClockOffset(milliseconds: 250).description == "+250 ms")
        #expect(ClockOffset(milliseconds: -3_400).sqliteModifier == "-3.400 seconds")
    }

    // MARK: By request id

    @Test func routerAndRailsLogsSharingRequestIdsShowTheRailsClocksOffset() throws {
        // Given the router lines of a Heroku sample, and the app's Rails log of the same requests 3.4 s late
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("skew/router.log"))
        let late = try SkewFixture.railsLog(shiftedBy: 3.4)
        _ = try db.ingest(path: SkewFixture.write(late, as: "production.log", in: dir))
        // When the analysis runs
        _ = try Analysis.run(on: db)
        // Then one skew: the Rails log against the router, -3.4 s (router and Rails end 1 ms apart), confident
        let clocks = try db.clocks()
        #expect(clocks.count == 1)
        let skew = try #require(clocks.first)
        #expect(skew.state == "detected" && skew.artifact == "production.log" && skew.reference == "router.log")
        #expect(skew.method == "request_id" && skew.confidence == "confident" && skew.pairs == 9)
        #expect(abs(skew.offsetMS - -3400) <= 50, "offset \(skew.offsetMS)")
        // And its SQL shows the matched requests
        let sql = try #require(try db.read { try String.fetchOne($0, sql: "SELECT sql FROM clock_skews") })
        #expect(try db.query(sql: sql).rows.count == 9)
    }

    @Test func applyingTheOffsetLinesTheRequestsUpAndTheSkewIsGone() throws {
        // Given the shifted Rails log and its detected skew
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("skew/router.log"))
        let rails = try SkewFixture.write(try SkewFixture.railsLog(shiftedBy: 3.4), as: "production.log", in: dir)
        _ = try db.ingest(path: rails)
        _ = try Analysis.run(on: db)
        let before = try startOfFirstRailsRequest(db)
        // When the confident skew is applied (`skew --auto`)
        let applied = try db.applyDetectedSkews()
        // Then the Rails log's times moved by it, the analysis is stale, and a new analysis finds no skew
        #expect(applied.count == 1 && applied.first?.name == "production.log")
        let offset = try #require(applied.first?.offset.milliseconds)
        #expect(try startOfFirstRailsRequest(db) == before + offset)
        #expect(try db.analysisIsStale())
        #expect(throws: SkewError.staleAnalysis) { try db.applyDetectedSkews() }
        _ = try Analysis.run(on: db)
        #expect(try db.clocks().map(\.state) == ["applied"])
        let note = try db.read { try String.fetchOne($0, sql: "SELECT clock_skew FROM analysis_runs") }
        #expect(note?.contains("no offset of 2.0 s or more") == true)
        // And the opposite offset, applied by hand, undoes it
        let undo = try db.applyClockOffset(artifact: rails, offset: ClockOffset(milliseconds: -offset))
        #expect(undo.name == "production.log" && undo.rows == 9)
        #expect(try startOfFirstRailsRequest(db) == before)
        #expect(try db.clocks().isEmpty)
    }

    @Test func unshiftedLogsSharingRequestIdsShowNoSkew() throws {
        // Given the router and Rails lines of the sample as written
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("skew/router.log"))
        _ = try db.ingest(path: Fixtures.path("skew/production.log"))
        // When the analysis runs, Then the pair was compared (ingest counted each file's request ids) and no skew
        // is reported
        let counted = try db.query(sql: "SELECT request_ids FROM artifacts ORDER BY id").rows
        #expect(counted == [[.integer(10)], [.integer(9)]])
        _ = try Analysis.run(on: db)
        #expect(try db.clocks().isEmpty)
        let note = try db.read { try String.fetchOne($0, sql: "SELECT clock_skew FROM analysis_runs") }
        #expect(note?.contains("1 artifact pair(s) share request ids (9 requests)") == true)
    }

    @Test func pastTheRowLimitASampleOfTheSameIdsIsComparedInBothArtifacts() throws {
        // Given the router log and the Rails log 3.4 s late (19 rows with ids)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("skew/router.log"))
        let late = try SkewFixture.railsLog(shiftedBy: 3.4)
        _ = try db.ingest(path: SkewFixture.write(late, as: "production.log", in: dir))
        // When at most 8 rows may be compared
        let measured = try db.write { try RequestIDSkew.measure($0, thresholds: AnalysisThresholds(), maxRows: 8) }
        // Then fewer requests are paired, still by the same ids on both sides, and the offset is the same
        let skew = try #require(measured.skews.first)
        #expect(skew.pairs >= 1 && skew.pairs < 9, "\(skew.pairs) pairs")
        #expect(abs(skew.offsetMS - -3400) <= 50)
        #expect(measured.note.contains("a sample of about 1 id in 3"))
    }

    @Test func anIdRepeatedWithinAnArtifactIsNotPaired() throws {
        // Given two artifacts whose requests all carry one placeholder id, and one real shared id 10 s apart
        let db = try MemlineDatabase.inMemory()
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO artifacts (id, path, name, format, ingested_at, request_ids) VALUES
                        (1, 'a.log', 'a.log', 'rails', 'x', 4), (2, 'b.log', 'b.log', 'rails', 'x', 4);
                    INSERT INTO requests (artifact_id, line, ts_end, request_id) VALUES
                        (1, 1, '2026-01-01T00:00:00.000Z', '-'), (1, 2, '2026-01-01T00:00:01.000Z', '-'),
                        (1, 3, '2026-01-01T00:00:02.000Z', '-'), (1, 4, '2026-01-01T00:00:03.000Z', 'r1'),
                        (2, 1, '2026-01-01T00:01:00.000Z', '-'), (2, 2, '2026-01-01T00:01:01.000Z', '-'),
                        (2, 3, '2026-01-01T00:01:02.000Z', '-'), (2, 4, '2026-01-01T00:00:13.000Z', 'r1');
                    """)
        }
        // When the analysis runs, Then only the real id is compared: one pair, 10 s, hedged (one request)
        _ = try Analysis.run(on: db)
        let clock = try #require(try db.clocks().first)
        #expect(clock.offsetMS == -10_000 && clock.pairs == 1 && clock.confidence == "hedged")
    }

    @Test func aHerokuLogAloneHasNoPairToCompare() throws {
        // Given one Heroku log holding both halves of each request (joined into one row at ingest)
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log"))
        // When the analysis runs, Then nothing is compared and nothing reported
        _ = try Analysis.run(on: db)
        #expect(try db.clocks().isEmpty)
        let note = try db.read { try String.fetchOne($0, sql: "SELECT clock_skew FROM analysis_runs") }
        #expect(note?.contains("1 artifact(s) hold request ids, no pair to compare") == true)
    }

    @Test func ingestWithAClockOffsetStoresShiftedTimes() throws {
        // Given the router log ingested as is and, in another database, with --clock-offset +2s
        let plain = try MemlineDatabase.inMemory()
        _ = try plain.ingest(path: Fixtures.path("skew/router.log"))
        let shifted = try MemlineDatabase.inMemory()
        var options = IngestOptions()
        options.clockOffset = try ClockOffset(parsing: "+2s")
        let summary = try shifted.ingest(path: Fixtures.path("skew/router.log"), options: options)
        // Then every time is 2 s later, and the artifact records the offset
        let sql = "SELECT ts_start, ts_end FROM requests UNION ALL SELECT ts, ts FROM events ORDER BY 1, 2"
        let a = try plain.query(sql: sql).rows
        let b = try shifted.query(sql: sql).rows
        #expect(a.count == 11 && a.count == b.count)
        for (x, y) in zip(a, b) {
            for (u, v) in zip(x, y) {
                let later = Timestamp.parseISO(v.display)?.milliseconds ?? 0
                let ms = later - (Timestamp.parseISO(u.display)?.milliseconds ?? 0)
                #expect(ms == 2000)
            }
        }
        #expect(summary.firstTS?.iso8601 == "2024-03-12T09:01:58.920Z")
        let row = try shifted.query(sql: "SELECT clock_offset_ms, clock_offset_source, first_ts FROM artifacts").rows
        #expect(row == [[.integer(2000), .text("ingest"), .text("2024-03-12T09:01:58.920Z")]])
    }

    // MARK: By RSS alignment

    @Test func pidstatWithALateClockIsLinedUpWithThePerRequestRSSLog() throws {
        // Given the leak incident with its pidstat 20 s late
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase.inMemory()
        let late = try SkewFixture.pidstat("leak", shiftedBy: 20)
        _ = try db.ingest(path: SkewFixture.write(late, as: "pidstat.txt", in: dir))
        _ = try db.ingest(path: Fixtures.path("demo/performance.log.gz"))
        // When the analysis runs
        _ = try Analysis.run(on: db)
        // Then pidstat is found 20 s off the log, from its 4 workers, confidently
        let clocks = try db.clocks()
        #expect(clocks.count == 1)
        let skew = try #require(clocks.first)
        #expect(skew.artifact == "pidstat.txt" && skew.reference == "performance.log.gz")
        #expect(skew.method == "rss_alignment" && skew.confidence == "confident")
        #expect(abs(skew.offsetMS - -20_000) <= 500, "offset \(skew.offsetMS)")
        let subject = try db.read { try String.fetchOne($0, sql: "SELECT subject FROM clock_skews") }
        #expect(subject == "4 processes")
        // And once applied, a new analysis finds the clocks agree
        #expect(try db.applyDetectedSkews().count == 1)
        _ = try Analysis.run(on: db)
        #expect(try db.clocks().map(\.state) == ["applied"])
    }

    @Test(arguments: ["leak", "gc", "job", "healthy"])
    func recordedIncidentsAsRecordedShowNoSkew(scenario: String) throws {
        // Given a recorded incident (pidstat and the per-request RSS log of one box, one clock)
        let db = try IncidentFixture.database(scenario)
        // When the analysis runs, Then the processes were compared and no skew is reported
        _ = try Analysis.run(on: db)
        #expect(try db.clocks().isEmpty)
        let note = try db.read { try String.fetchOne($0, sql: "SELECT clock_skew FROM analysis_runs") }
        #expect(note?.contains("RSS alignment: 4 process(es) recorded by two artifacts") == true, "\(note ?? "")")
    }

    @Test func theReportListsClocksOnlyWhenTheyDisagree() throws {
        // Given the router log with the Rails log 3.4 s late, and the same logs as written
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let skewed = try MemlineDatabase.inMemory()
        _ = try skewed.ingest(path: Fixtures.path("skew/router.log"))
        let late = try SkewFixture.railsLog(shiftedBy: 3.4)
        _ = try skewed.ingest(path: SkewFixture.write(late, as: "production.log", in: dir))
        _ = try Analysis.run(on: skewed)
        let aligned = try MemlineDatabase.inMemory()
        _ = try aligned.ingest(path: Fixtures.path("skew/router.log"))
        _ = try aligned.ingest(path: Fixtures.path("skew/production.log"))
        _ = try Analysis.run(on: aligned)
        // When their reports are built
        var options = ReportOptions()
        options.generatedAt = "2026-01-01T00:00:00Z"
        let withSkew = try ReportBuilder(database: skewed, options: options).build()
        let without = try ReportBuilder(database: aligned, options: options).build()
        // Then only the skewed one has a Clocks table, naming the Rails log, its offset and the router
        let clocks = try #require(withSkew.tables.first { $0.anchor == "clocks" })
        #expect(
            clocks.rows == [
                [
                    "production.log", "detected", "-3.399 s", "router.log", "request_id", "9",
                    "confident", "no",
                ]
            ])
        #expect(!without.tables.contains { $0.anchor == "clocks" })
    }

    // MARK: Storage

    @Test func everyTableWithAnArtifactsTimesIsShiftedOrRecomputed() throws {
        // Given the schema
        let db = try MemlineDatabase.inMemory()
        let shifted = Dictionary(uniqueKeysWithValues: ClockShift.timeColumns.map { ($0.table, Set($0.columns)) })
        try db.read { db in
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                let columns = try db.columns(in: table).map(\.name)
                let times = columns.filter { $0 == "ts" || $0.hasPrefix("ts_") || $0 == "taken_at" }
                guard columns.contains("artifact_id"), !times.isEmpty else { continue }
                // Then each table holding an artifact's times is shifted whole, or is an analysis result
                if ClockShift.derivedTables.contains(table) { continue }
                #expect(shifted[table] == Set(times), "\(table): \(times)")
            }
        }
    }

    @Test func thresholdsStoredBeforeTheSkewThresholdsExistedStillRead() throws {
        // Given thresholds JSON without the clock keys (written by an older memline)
        var old = try JSONSerialization.jsonObject(with: Data(AnalysisThresholds().json.utf8)) as? [String: Any] ?? [:]
        old = old.filter { !$0.key.hasPrefix("clock") }
        old["gapFactor"] = 7
        let json = String(decoding: try JSONSerialization.data(withJSONObject: old), as: UTF8.self)
        // When read, Then the stored values stay and the missing ones take their defaults
        let t = try AnalysisThresholds.decodingStored(json)
        #expect(t.gapFactor == 7 && t.clockSkewMinSeconds == 2)
    }

    @Test func theMigrationCountsRequestIdsOfArtifactsStoredBefore() throws {
        // Given a database at the schema before clock skew, holding requests of two artifacts
        let queue = try DatabaseQueue()
        var before = DatabaseMigrator()
        for migration in SchemaMigrations.all where migration.identifier < "m0007" {
            let sql = String(decoding: migration.sql, as: UTF8.self)
            before.registerMigration(migration.identifier) { db in try db.execute(sql: sql) }
        }
        try before.migrate(queue)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO artifacts (id, path, name, format, ingested_at) VALUES
                        (1, 'a', 'a', 'rails', 'x'), (2, 'b', 'b', 'rails', 'x'), (3, 'c', 'c', 'pidstat', 'x');
                    INSERT INTO requests (artifact_id, line, request_id) VALUES
                        (1, 1, 'r1'), (1, 2, 'r2'), (1, 3, NULL), (2, 1, 'r1');
                    """)
        }
        // When the clock-skew migration runs
        try SchemaMigrations.migrator.migrate(queue)
        // Then each artifact's request ids are counted, and no offset is applied
        let counts = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT request_ids, clock_offset_ms FROM artifacts ORDER BY id")
                .map { [$0[0] as Int64, $0[1] as Int64] }
        }
        #expect(counts == [[2, 0], [1, 0], [0, 0]])
    }

    @Test func unknownArtifactsAreNamedInTheError() throws {
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path("skew/router.log"))
        #expect(throws: SkewError.unknownArtifact("nope.log")) {
            try db.applyClockOffset(artifact: "nope.log", offset: ClockOffset(milliseconds: 1000))
        }
        #expect(try db.applyClockOffset(artifact: "1", offset: ClockOffset(milliseconds: 1000)).rows == 11)
    }

    private func startOfFirstRailsRequest(_ db: MemlineDatabase) throws -> Int64 {
        let text = try db.read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT min(ts_start) FROM requests WHERE artifact_id = (SELECT id FROM artifacts
                    WHERE name = 'production.log')
                    """)
        }
        return try #require(text.flatMap { Timestamp.parseISO($0) }).milliseconds
    }
}
