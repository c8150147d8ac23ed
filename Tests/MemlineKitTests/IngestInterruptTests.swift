import Foundation
import Testing

@testable import MemlineKit

/// A signal during an ingest rolls back the file in flight, keeps the files committed before it, and ends the run
/// with a line saying which is which.
struct IngestInterruptTests {
    /// `count` per-request RSS lines after a Logger header.
    private func requestRSSLog(lines count: Int, pid: Int) -> String {
        var text = "# Logfile created on 2026-11-22 02:21:00 +0000 by logger.rb/v1.5.0\n"
        for i in 0..<count {
            let time = String(format: "%02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60)
            text +=
                "I, [2026-11-22T\(time).000000 #\(pid)]  INFO -- : CONSUME MEMORY: 200KB\tNow: \(100_000 + i) KB\t"
                + "https://app/reports/\(i % 97)\n"
        }
        return text
    }

    @Test func signalWhileAFileIsReadRollsItBackAndKeepsTheOneBefore() throws {
        // Given a database holding one file, and a second file of more than 65,536 lines
        let db = try MemlineDatabase.inMemory()
        _ = try db.ingest(source: BytesSource(requestRSSLog(lines: 10, pid: 1)), path: "a.log", name: "a.log")
        let stop = StopSignal()
        var options = IngestOptions()
        options.stop = stop
        // (progress is reported inside the file's transaction, after its first 65,536 lines were written)
        options.progress = { _ in stop.trigger(SIGINT) }

        // When SIGINT arrives while the second file is read
        #expect(throws: IngestError.interrupted(path: "b.log", signal: SIGINT)) {
            _ = try db.ingest(
                source: BytesSource(requestRSSLog(lines: 70_000, pid: 2)), path: "b.log", name: "b.log",
                options: options)
        }

        // Then the first file is whole and nothing of the second is left
        let stored = try db.query(sql: "SELECT name, lines, rows FROM artifacts")
        #expect(stored.rows == [[.text("a.log"), .integer(11), .integer(20)]])
        #expect(try db.query(sql: "SELECT count(*) FROM rss_rows").rows == [[.integer(10)]])
        #expect(
            IngestError.interrupted(path: "b.log", signal: SIGINT).localizedDescription
                == "b.log: interrupted (SIGINT); nothing from this file was stored")
    }

    @Test func signalBeforeAFileIsReadStoresNothingOfIt() throws {
        // Given a stop that has already fired
        let db = try MemlineDatabase.inMemory()
        let stop = StopSignal()
        stop.trigger(SIGTERM)
        var options = IngestOptions()
        options.stop = stop
        // When a small file is ingested
        // Then it is refused as interrupted, with no artifact row
        #expect(throws: IngestError.interrupted(path: "a.log", signal: SIGTERM)) {
            _ = try db.ingest(
                source: BytesSource(requestRSSLog(lines: 10, pid: 1)), path: "a.log", name: "a.log", options: options)
        }
        #expect(try db.query(sql: "SELECT count(*) FROM artifacts").rows == [[.integer(0)]])
    }

    @Test func interruptedRunNamesWhatIsStoredAndWhatWasRolledBack() {
        // Given three files stored out of five, and SIGINT while the fourth was read
        var tally = IngestTally()
        for name in ["logs/a.log", "logs/b.log", "logs/c.log"] { tally.landed(name) }
        tally.interrupted(by: SIGINT, inFlight: "logs/d.log", total: 5)
        // Then the closing line says which are stored, which was rolled back and how to finish, and it exits 130
        #expect(
            tally.closingLines == [
                "interrupted (SIGINT): 3 of 5 file(s) stored (logs/a.log, logs/b.log, logs/c.log); logs/d.log was "
                    + "rolled back; run the same command again to finish: stored files are skipped"
            ])
        #expect(tally.exitStatus == 130)
        #expect(!tally.succeeded)
    }

    @Test func interruptedRunBetweenFilesWithAFailureAndForce() {
        // Given one failed file, one stored, and SIGTERM between files of a --force run
        var tally = IngestTally()
        tally.failed()
        tally.landed("b.log")
        tally.interrupted(by: SIGTERM, inFlight: nil, total: 4, force: true)
        // Then nothing is said rolled back, --force is named, and it exits 143
        #expect(
            tally.closingLines == [
                "1 file(s) failed before the interruption",
                "interrupted (SIGTERM): 1 of 4 file(s) stored (b.log); run the same command again to finish "
                    + "(with --force it stores every file again)",
            ])
        #expect(tally.exitStatus == 143)
    }

    @Test func interruptedRunOfManyFilesNamesTheFirstTen() {
        // Given twelve files stored out of a folder of forty, and SIGINT before the thirteenth
        var tally = IngestTally()
        for i in 1...12 { tally.landed("\(i).log") }
        tally.interrupted(by: SIGINT, inFlight: "13.log", total: 40)
        // Then ten are named and the rest counted
        #expect(
            tally.closingLines == [
                "interrupted (SIGINT): 12 of 40 file(s) stored (1.log, 2.log, 3.log, 4.log, 5.log, 6.log, 7.log, "
                    + "8.log, 9.log, 10.log and 2 more); 13.log was rolled back; run the same command again to "
                    + "finish: stored files are skipped"
            ])
    }

    @Test func uninterruptedRunExitsAsBefore() {
        var tally = IngestTally()
        tally.landed("a.log")
        #expect(tally.exitStatus == 0 && tally.succeeded)
        tally.failed()
        #expect(tally.exitStatus == 1)
        #expect(tally.closingLines == ["1 of 2 file(s) failed; the database holds the others"])
    }
}
