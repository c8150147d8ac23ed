import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// A database opened read-only (a read-only folder or medium) is read without writing beside it, and refuses writes
/// with a message. These tests open it read-only on purpose, so they hold whatever the user running them may write;
/// the permission checks themselves are end to end (`memlineTests/ReadOnlyDatabaseCommandTests`).
struct ReadOnlyDatabaseTests {
    /// A database holding the recorded leak incident, closed again (its WAL checkpointed and removed).
    private func incidentDatabase(in dir: URL, analysed: Bool) throws -> String {
        let path = dir.appendingPathComponent("incident.sqlite").path
        let db = try MemlineDatabase(path: path)
        for file in ["pidstat.txt.gz", "performance.log.gz"] {
            _ = try db.ingest(path: Fixtures.path("demo/\(file)"))
        }
        if analysed { _ = try Analysis.run(on: db) }
        return path
    }

    private func listing(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func readOnlyOpeningReadsWhatIsStoredAndLeavesNoSideFile() throws {
        // Given an analysed incident database, closed
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try incidentDatabase(in: dir, analysed: true)
        let before = try listing(dir)
        #expect(before == ["incident.sqlite"])
        // When it is opened read-only and read
        let db = try MemlineDatabase(readingOnly: path)
        #expect(db.isReadOnly)
        let suspects = try db.suspects()
        let artifacts = try db.query(sql: "SELECT count(*) FROM artifacts")
        // Then what is stored is there, and no -wal or -shm file appeared beside it
        #expect(!suspects.isEmpty)
        #expect(artifacts.rows == [[.integer(2)]])
        #expect(try listing(dir) == before)
    }

    @Test func writingAReadOnlyDatabaseIsRefusedNamingIt() throws {
        // Given an incident database opened read-only
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try incidentDatabase(in: dir, analysed: false)
        let db = try MemlineDatabase(readingOnly: path)
        // When a file is ingested, an annotation made or the analysis run
        // Then each is refused with the path and what to do, and nothing changed
        let refused = StoreError.readOnlyDatabase(path: path)
        #expect(throws: refused) { _ = try db.ingest(path: Fixtures.path("demo/sidekiq.log.gz")) }
        #expect(throws: refused) {
            _ = try db.annotate(at: Timestamp(milliseconds: 0), kind: "note", message: "x")
        }
        #expect(throws: refused) { _ = try Analysis.run(on: db) }
        #expect(refused.localizedDescription.hasPrefix("\(path): the database is read-only"))
        #expect(refused.isReadOnlyDatabase)
        #expect(try db.query(sql: "SELECT count(*) FROM artifacts").rows == [[.integer(2)]])
        #expect(try listing(dir) == ["incident.sqlite"])
    }

    @Test func reportOfAReadOnlyDatabaseNeedsAStoredAnalysis() throws {
        // Given a read-only database never analysed
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try incidentDatabase(in: dir, analysed: false)
        let out = dir.appendingPathComponent("report").path
        // When a report is asked for
        // Then it says the database is read-only and not analysed yet, and what to do
        #expect(throws: StoreError.readOnlyNotAnalysed(path: path)) {
            _ = try ReportPipeline.run(
                database: try MemlineDatabase(readingOnly: path), options: ReportOptions(), templates: nil, out: out,
                format: .md)
        }
        #expect(
            StoreError.readOnlyNotAnalysed(path: path).localizedDescription
                == "\(path): the database is read-only and not analysed yet; "
                + "run `memline analyze` where it can be written, or copy it")

        // Given it analysed where it could be written, then a file ingested after the analysis
        do {
            let db = try MemlineDatabase(path: path)
            _ = try Analysis.run(on: db)
            _ = try db.ingest(path: Fixtures.path("demo/sidekiq.log.gz"))
        }
        // When the report is written from the read-only database
        var notes: [String] = []
        let paths = try ReportPipeline.run(
            database: try MemlineDatabase(readingOnly: path), options: ReportOptions(), templates: nil, out: out,
            format: .md, note: { notes.append($0) })
        // Then it is written from the last analysis, and says it is older than the data
        #expect(paths.contains { $0.hasSuffix("report.md") })
        #expect(
            notes == [
                "\(path) is read-only; the report uses the last analysis, made before the latest files were ingested "
                    + "(run `memline analyze` where it can be written)"
            ])
    }

    @Test func heapDiffOfAReadOnlyDatabaseIsShownNotStored() throws {
        // Given three heap dumps in a database opened read-only
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("heap.sqlite").path
        do {
            let db = try MemlineDatabase(path: path)
            for n in 1...3 { _ = try db.ingest(path: Fixtures.path("heap/heap-\(n).json.gz")) }
        }
        let db = try MemlineDatabase(readingOnly: path)
        // When they are diffed
        let report = try db.heapDiff(base: "heap-1", target: "heap-2", later: ["heap-3"])
        // Then the diff is computed, and heap_diff stays empty
        #expect(!report.top(.site, limit: 5).isEmpty)
        #expect(try db.query(sql: "SELECT count(*) FROM heap_diff").rows == [[.integer(0)]])
        #expect(try listing(dir) == ["heap.sqlite"])
    }

    @Test func readOnlyDatabaseOfAnOlderMemlineIsRefusedNotUpgraded() throws {
        // Given a database lacking the newest migration, as an older memline left it
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        _ = try MemlineDatabase(path: path)
        let last = try #require(SchemaMigrations.all.last?.identifier)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [last])
        }
        // When it is opened read-only
        // Then it is refused with the fix, not migrated
        #expect(throws: StoreError.readOnlyOlderSchema(path: path)) { _ = try MemlineDatabase(readingOnly: path) }
        let applied = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(!applied.contains(last))
    }

    @Test func uncheckpointedWriteAheadLogIsReadNotIgnored() throws {
        // Given a database whose last write is still in its -wal file, as a crash leaves it
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("crashed.sqlite").path
        let copy = dir.appendingPathComponent("copy.sqlite").path
        _ = try MemlineDatabase(path: path)
        let live = try DatabaseQueue(path: path)
        try live.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        try live.write { db in
            try db.execute(
                sql: "INSERT INTO artifacts (path, name, format, tz, ingested_at) VALUES ('a', 'a', 'x', 'UTC', '')")
        }
        for suffix in ["", "-wal", "-shm"] {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
        }
        try live.close()
        #expect(DatabaseFile.hasWriteAheadLog(copy))
        // When the copy is opened read-only
        let db = try MemlineDatabase(readingOnly: copy)
        // Then the row in its log is read (immutable=1 would have skipped the log)
        #expect(try db.query(sql: "SELECT count(*) FROM artifacts").rows == [[.integer(1)]])
    }

    @Test(arguments: [
        ("incident.sqlite", "file:incident.sqlite?immutable=1"),
        ("/media/usb/incident.sqlite", "file:///media/usb/incident.sqlite?immutable=1"),
        ("case #4/50% done?.sqlite", "file:case %234/50%25 done%3F.sqlite?immutable=1"),
    ])
    func immutableURIEscapesWhatAURIGivesMeaningTo(path: String, uri: String) {
        #expect(DatabaseFile.immutableURI(path) == uri)
    }

    @Test func immutableURIOpensAPathWithURICharacters() throws {
        // Given a database in a folder whose name holds '#', '%' and '?'
        let dir = try Fixtures.temporaryDirectory().appendingPathComponent("case #4 at 50%?")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("incident.sqlite").path
        _ = try MemlineDatabase(path: path)
        // When it is opened read-only, Then it is that file that is read
        let db = try MemlineDatabase(readingOnly: path)
        #expect(try db.query(sql: "SELECT count(*) FROM artifacts").rows == [[.integer(0)]])
        #expect(try listing(dir) == ["incident.sqlite"])
    }
}
