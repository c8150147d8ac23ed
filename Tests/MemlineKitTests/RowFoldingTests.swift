import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The same Heroku stream exported twice: a `heroku logs` capture and the Papertrail archives of the same hours
/// (Fixtures/overlap/make_overlap.py writes both from the Heroku and Papertrail fixtures).
struct RowFoldingTests {
    static let archive08 = "papertrail/2024-03-12-08.tsv.gz"
    static let archive09 = "overlap/2024-03-12-09.tsv.gz"
    static let capture = "overlap/heroku-logs.log"

    /// Rows per table and kind: what the report and the analysis count.
    static func counts(_ db: MemlineDatabase) throws -> [String: Int] {
        try db.read { db in
            var counts: [String: Int] = [:]
            for table in ["requests", "rss_samples", "jobs", "request_memory"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) FROM events GROUP BY kind") {
                counts["events." + (row[0] as String)] = row[1]
            }
            return counts
        }
    }

    /// Every request, event and sample as its facts (no artifact, no line), sorted.
    static func facts(_ db: MemlineDatabase) throws -> [String] {
        try db.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT 'request ' || coalesce(request_id, '') || ' ' || coalesce(host, '') || ' ' || path || ' '
                      || coalesce(status, '') || ' ' || substr(coalesce(ts_start, ''), 1, 19) FROM requests
                    UNION ALL SELECT 'event ' || kind || ' ' || coalesce(host, '') || ' ' || substr(ts, 1, 19)
                      || ' ' || message FROM events
                    UNION ALL SELECT 'rss ' || coalesce(host, '') || ' ' || substr(ts, 1, 19) || ' ' || rss_kb
                      FROM rss_samples
                    UNION ALL SELECT 'job ' || coalesce(jid, '') || ' ' || status FROM jobs
                    ORDER BY 1
                    """)
        }
    }

    static func ingest(_ fixtures: [String]) throws -> (MemlineDatabase, [IngestSummary]) {
        let db = try MemlineDatabase.inMemory()
        let summaries = try fixtures.map { try db.ingest(path: Fixtures.path($0)) }
        return (db, summaries)
    }

    @Test func aCaptureOfHoursAlreadyArchivedIsFoldedWholeIntoTheArchives() throws {
        // Given the Papertrail archives of hours 08 and 09
        let (archives, _) = try Self.ingest([Self.archive08, Self.archive09])
        let (db, summaries) = try Self.ingest([Self.archive08, Self.archive09, Self.capture])

        // When the heroku logs capture of 08:58 to 09:07 is ingested after them
        let capture = try #require(summaries.last)

        // Then nothing of it is stored again: the counts are those of the archives alone
        #expect(try Self.counts(db) == Self.counts(archives))
        #expect(try Self.facts(db) == Self.facts(archives))
        #expect(capture.rows == 0)
        #expect(capture.folded.map(\.heldBy) == ["2024-03-12-08.tsv.gz", "2024-03-12-09.tsv.gz"])
        // And the summary says what was folded, and from where
        let first = try #require(capture.folded.first)
        #expect(first.rowCounts == ["events": 3, "requests": 1, "jobs": 1, "rss_samples": 1])
        #expect(
            capture.oneLine.contains(
                "; folded 6 rows already stored from 2024-03-12-08.tsv.gz (3 events, 1 job, 1 request, 1 RSS sample); "
            ))
        #expect(capture.oneLine.contains("no rows"))
    }

    @Test func archivesIngestedAfterTheCaptureFoldIntoIt() throws {
        // Given the capture ingested first
        let (archives, _) = try Self.ingest([Self.archive08, Self.archive09])
        let (db, summaries) = try Self.ingest([Self.capture, Self.archive08, Self.archive09])

        // Then the 08 archive keeps what the capture does not hold (before 08:58, and the database server's rows)
        #expect(summaries[1].folded.map(\.heldBy) == ["heroku-logs.log"])
        #expect(summaries[1].rows > 0)
        // And the 09 archive is the capture's second half: all of it folds
        #expect(summaries[2].rows == 0)
        #expect(summaries[2].folded.map(\.rows) == [summaries[0].rows - summaries[1].folded[0].rows])
        #expect(try Self.counts(db) == Self.counts(archives))
        #expect(try Self.facts(db) == Self.facts(archives))
    }

    @Test func aCaptureOverlappingTheLastArchivedHourAddsOnlyWhatFollowsIt() throws {
        // Given the 08 archive, and a capture that overlaps its last two minutes and goes on to 09:07
        let (archives, _) = try Self.ingest([Self.archive08, Self.archive09])
        let (db, summaries) = try Self.ingest([Self.archive08, Self.capture])

        // Then the two hold what the two archives hold: the overlap is stored once
        #expect(summaries[1].folded.map(\.heldBy) == ["2024-03-12-08.tsv.gz"])
        #expect(summaries[1].folded.first?.rows == 6)
        #expect(try Self.counts(db) == Self.counts(archives))
        #expect(try Self.facts(db) == Self.facts(archives))
        // And the report says what it says from one export: the same impact, timeline, processes and suspects
        // (rates may differ in their last digit: the capture's times have milliseconds, the archive's whole seconds)
        let report = try Self.report(db)
        #expect(report == (try Self.report(archives)))
        #expect(report.contains("impact r14: 11") && report.contains("timeline spawn: 6"))
    }

    @Test(arguments: [
        [archive08, archive09, capture], [capture, archive08, archive09], [archive08, capture],
    ])
    func filesIngestedTogetherFoldAsFilesIngestedOneByOne(_ fixtures: [String]) throws {
        // Given the same exports ingested one by one
        let (apart, apartSummaries) = try Self.ingest(fixtures)
        // When they are ingested together, their indexes built once at the end
        let db = try MemlineDatabase.inMemory()
        let summaries = try db.ingestingMany { try fixtures.map { try db.ingest(path: Fixtures.path($0)) } }
        // Then the same rows fold into the same files, and the same facts are stored
        #expect(summaries.map(\.folded) == apartSummaries.map(\.folded))
        #expect(summaries.map(\.rows) == apartSummaries.map(\.rows))
        #expect(try Self.facts(db) == Self.facts(apart))
        #expect(try Self.counts(db) == Self.counts(apart))
    }

    /// What a report built after the analysis counts: impact, timeline entries by kind, processes, suspects.
    static func report(_ db: MemlineDatabase) throws -> [String] {
        _ = try Analysis.run(on: db)
        var options = ReportOptions()
        options.generatedAt = "2026-11-22 03:00:00 UTC"
        let model = try ReportBuilder(database: db, options: options).build()
        let timeline = Dictionary(grouping: model.timeline, by: \.kind).mapValues(\.count).sorted { $0.key < $1.key }
        return model.impact.map { "impact \($0.label): \($0.value)" }
            + timeline.map { "timeline \($0.key): \($0.value)" }
            + model.processes.map { "process \($0.name) \($0.samples) \($0.peakMB) \($0.growthMB)" }
            + model.suspects.map { "suspect \($0.kind) \($0.name) \($0.confidence)" }
    }

    @Test func eachFoldedRowPointsAtTheRowThatHoldsIt() throws {
        // Given the capture ingested after the 08 archive
        let (db, _) = try Self.ingest([Self.archive08, Self.capture])

        // Then each folded row names its line and the archive line that holds the same fact
        let rows = try db.query(
            sql: "SELECT file, line, row_table, held_by, held_line FROM v_folded_rows ORDER BY line, row_table")
        #expect(
            rows.rows.map { $0.map(\.display) } == [
                ["heroku-logs.log", "1", "rss_rows", "2024-03-12-08.tsv.gz", "18"],
                ["heroku-logs.log", "3", "events", "2024-03-12-08.tsv.gz", "20"],
                ["heroku-logs.log", "4", "events", "2024-03-12-08.tsv.gz", "21"],
                ["heroku-logs.log", "5", "jobs", "2024-03-12-08.tsv.gz", "22"],
                ["heroku-logs.log", "7", "requests", "2024-03-12-08.tsv.gz", "24"],
                ["heroku-logs.log", "11", "events", "2024-03-12-08.tsv.gz", "28"],
            ])
        let artifacts = try db.query(sql: "SELECT name, folded FROM artifacts ORDER BY id")
        #expect(
            artifacts.rows.map { $0.map(\.display) } == [["2024-03-12-08.tsv.gz", "0"], ["heroku-logs.log", "6"]])
    }

    @Test func rowsOfOneFileAreNeverFoldedIntoEachOther() throws {
        // Given one log that says the same thing twice, and another dyno saying it too
        let text = """
            2024-03-12T08:58:00.100000+00:00 heroku[web.2]: Error R14 (Memory quota exceeded)
            2024-03-12T08:58:00.300000+00:00 heroku[web.2]: Error R14 (Memory quota exceeded)
            2024-03-12T08:58:00.300000+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)
            """
        let db = try MemlineDatabase.inMemory()
        let first = try db.ingest(source: BytesSource(text), path: "a.log", name: "a.log")
        // When a second export holds only web.2's first line and a later one
        let second = try db.ingest(
            source: BytesSource(
                """
                2024-03-12T08:58:00.100000+00:00 heroku[web.2]: Error R14 (Memory quota exceeded)
                2024-03-12T08:58:02.100000+00:00 heroku[web.2]: Error R14 (Memory quota exceeded)
                """), path: "b.log", name: "b.log")

        // Then the first file keeps its three events, and the second adds only the later one
        #expect(first.rowCounts["events"] == 3)
        #expect(second.rowCounts["events"] == 1)
        #expect(second.folded.map(\.rows) == [1])
        #expect(try Self.counts(db)["events.r14"] == 4)
    }

    @Test func theRouterAndTheAppSeeingOneRequestAreTwoRowsNotOne() throws {
        // Given the router's lines and the app's own log of the same requests (same request ids)
        let db = try MemlineDatabase.inMemory()
        let router = try db.ingest(path: Fixtures.path("skew/router.log"))
        let app = try db.ingest(path: Fixtures.path("skew/production.log"))

        // Then nothing folds: each says something the other does not (connect time, action and views)
        #expect(router.folded.isEmpty && app.folded.isEmpty)
        #expect(router.rowCounts["requests"] == 10 && app.rowCounts["requests"] == 9)
        #expect(try Self.counts(db)["requests"] == 19)
    }

    @Test func replacingTheFileThatHoldsFoldedRowsKeepsThePointers() throws {
        // Given the 09 archive folded into the capture
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(path: Fixtures.path(Self.capture))
        let archive = try db.ingest(path: Fixtures.path(Self.archive09))
        #expect(archive.rows == 0)

        // When the capture is ingested again with --force
        let again = try db.ingest(path: Fixtures.path(Self.capture), options: IngestOptions(force: true))

        // Then the archive's folded rows point at its replacement, and nothing is lost
        #expect(again.folded.isEmpty)
        let holders = try db.query(sql: "SELECT DISTINCT held_by FROM v_folded_rows")
        #expect(holders.rows.map { $0.map(\.display) } == [["heroku-logs.log"]])
        let heldBy = try db.read { try Int64.fetchOne($0, sql: "SELECT DISTINCT held_artifact_id FROM folded_rows") }
        #expect(heldBy == again.artifactID)
        #expect(try Self.counts(db)["requests"] == again.rowCounts["requests"])
    }
}
