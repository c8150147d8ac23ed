import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// What a long recording must not do: keep state for processes gone, let SQLite's cache grow, or stop
/// because another command holds the database.
struct RecordSessionTests {
    @Test func exitedProcessesLeaveNothingTracked() throws {
        // Given a recorder of a marker no process has yet
        let marker = "memline-churn-test-\(UUID().uuidString.prefix(8))"
        let recorder = try Recorder(target: .match(marker + " [0-9]+$"))
        #expect(recorder.sample(at: Timestamp(date: Date())).samples.isEmpty)
        var starts = 0
        var exits = 0
        var peak = 0
        // When five waves of ten short-lived children start, are seen, and are killed
        for wave in 0..<5 {
            let children = try (0..<10).map { try Child.python("time.sleep(60)", "\(marker) \(wave * 10 + $0)") }
            defer { for child in children { child.stop() } }
            let pids = Set(children.map(\.pid))
            let deadline = Date().addingTimeInterval(30)
            while !pids.isSubset(of: recorder.tracked.keys), Date() < deadline {
                starts += recorder.sample(at: Timestamp(date: Date())).events.filter { $0.kind == "start" }.count
                Thread.sleep(forTimeInterval: 0.02)
            }
            try #require(pids.isSubset(of: recorder.tracked.keys), "wave \(wave) was not seen in 30 s")
            peak = max(peak, recorder.tracked.count)
            for child in children { child.stop() }
            let batch = recorder.sample(at: Timestamp(date: Date()))
            exits += batch.events.filter { $0.kind == "exit" }.count
            // Then each wave's exits empty the tracked set again
            #expect(recorder.tracked.isEmpty, "wave \(wave): \(recorder.tracked.keys.sorted())")
        }
        // And every child was one start and one exit
        #expect(peak == 10)
        #expect(starts == 50 && exits == 50)
        #expect(recorder.started == 50 && recorder.exited == 50)
    }

    @Test func recordingConnectionHasASmallPageCache() throws {
        // Given a database file and one process to record
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try MemlineDatabase(path: dir.appendingPathComponent("rec.sqlite").path)
        let child = try Child("/usr/bin/sleep", ["30"])
        defer { child.stop() }
        let defaultCache = try db.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") }
        // When recorded for three intervals
        let options = RecordOptions(target: .pids([child.pid]), intervalMS: 50, durationMS: 150, host: "box")
        let summary = try RecordingSession(database: db, options: options).run(stop: StopSignal())
        // Then its connection holds at most 2 MiB of pages, and waits half an interval for a lock
        #expect(defaultCache == -65536)
        #expect(try db.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -2048)
        #expect(try db.read { try Int.fetchOne($0, sql: "PRAGMA busy_timeout") } == 25)
        #expect(summary.samples >= 1)
    }

    @Test func intervalsAreKeptWhileAnotherWriterHoldsTheLock() throws {
        // Given a recording every 50 ms of one process, and a second connection to the same file
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rec.sqlite").path
        let db = try MemlineDatabase(path: path)
        let other = try MemlineDatabase(path: path)
        let child = try Child("/usr/bin/sleep", ["30"])
        defer { child.stop() }
        let holder = LockHolder(other, seconds: 1.0)
        // When the other connection takes the write lock for 1 s after the third interval
        var intervals = 0
        let options = RecordOptions(target: .pids([child.pid]), intervalMS: 50, durationMS: 2500, host: "box")
        let session = try RecordingSession(database: db, options: options)
        let summary = try session.run(stop: StopSignal()) { _, _ in
            intervals += 1
            if intervals == 3 { holder.lock() }
        }
        let span = try holder.waitForRelease()

        // Then the recording went on sampling while locked and stored every interval once the lock was free
        #expect(summary.delayedIntervals >= 1, "\(summary.oneLine)")
        #expect(summary.ending == .duration)
        let artifact = try #require(summary.artifactID)
        let rows = try db.read { db in
            try Row.fetchAll(
                db, sql: "SELECT line, ts FROM rss_samples WHERE artifact_id = ? ORDER BY line", arguments: [artifact])
        }
        #expect(rows.count == summary.samples && rows.count == summary.intervals)
        #expect(rows.map { $0["line"] as Int } == Array(1...max(rows.count, 1)))
        let times = rows.map { $0["ts"] as String }
        #expect(times == times.sorted() && Set(times).count == times.count)
        let (start, end) = (Timestamp(date: span.start).iso8601, Timestamp(date: span.end).iso8601)
        let during = times.filter { $0 > start && $0 < end }
        #expect(during.count >= 3, "sampled \(during.count) times during the 1 s lock")
        let counted = try db.read { db in
            try Int.fetchOne(db, sql: "SELECT rows FROM artifacts WHERE id = ?", arguments: [artifact])
        }
        #expect(counted == rows.count)
    }
}

/// Holds the write lock of a database on a thread of its own, as a long ingest does.
private final class LockHolder: @unchecked Sendable {
    private let database: MemlineDatabase
    private let seconds: Double
    private let locked = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private var span: (start: Date, end: Date)?
    private var failure: (any Error)?

    init(_ database: MemlineDatabase, seconds: Double) {
        self.database = database
        self.seconds = seconds
    }

    /// Starts a write transaction that inserts a row and then holds the lock; returns once it holds it.
    func lock() {
        Thread.detachNewThread { [self] in
            do {
                try database.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO artifacts (path, name, sha256, format, ingested_at)
                            VALUES ('big.log', 'big.log', 'x', 'rails', '2026-11-22T00:00:00.000Z')
                            """)
                    let start = Date()
                    locked.signal()
                    Thread.sleep(forTimeInterval: seconds)
                    span = (start, Date())
                }
            } catch {
                failure = error
                locked.signal()
            }
            released.signal()
        }
        locked.wait()
    }

    /// Waits for the commit; the time the lock was held.
    func waitForRelease() throws -> (start: Date, end: Date) {
        released.wait()
        if let failure { throw failure }
        return try #require(span)
    }
}
