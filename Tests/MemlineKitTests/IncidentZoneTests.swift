import Foundation
import Testing

@testable import MemlineKit

/// Files whose times name no zone are read at the one offset the other files of the ingest print.
struct IncidentZoneTests {
    private static let folder = "verdicts/h24-jemalloc-tallowmere-claim-fingerprints-deploy-beside-rollup-cron"

    @Test func theOffsetPrintedAfterATimeIsRead() {
        #expect(IncidentZone.printedOffset(["time=2026-12-07T05:39:36.788-03:00 pid=3470"]) == -3 * 3600)
        #expect(IncidentZone.printedOffset([#"1.2.3.4 - - [07/Dec/2026:05:39:36 +0530] "GET / HTTP/1.1""#]) == 19800)
        #expect(IncidentZone.printedOffset(["2026-12-07T05:39:36Z heroku[router]: at=info"]) == 0)
        #expect(IncidentZone.printedOffset(["2026-12-07 05:39:36 UTC deploy finished"]) == 0)
        // A time with no offset, or two different offsets, say nothing
        #expect(IncidentZone.printedOffset(["05:39:39        0      3470     72.76"]) == nil)
        #expect(IncidentZone.printedOffset(["05:39:36-03:00 a", "05:39:36+01:00 b"]) == nil)
    }

    @Test func pidstatBesideAnAccessLogWithAnOffsetIsReadAtThatOffset() throws {
        // Given pidstat (local wall clock) beside an access log and a deploy log printing -03:00
        let paths = ["pidstat.txt", "access.log.gz", "deploy.log", "oncall-notes.txt"].map {
            Fixtures.path("\(Self.folder)/\($0)")
        }
        // When the zone is inferred
        let zone = try #require(IncidentZone.infer(paths: paths))
        // Then pidstat alone is read at -03:00 (the notes name their own zone), and the note says where it came from
        #expect(zone.zone == .fixed(seconds: -3 * 3600))
        #expect(zone.wallClockPaths == [paths[0]])
        #expect(zone.printedBy == ["access.log.gz", "deploy.log"])
        #expect(zone.note.hasPrefix("pidstat.txt: its times name no zone; read at -03:00"))
    }

    @Test func filesPrintingUTCOrDifferentOffsetsLeaveTheZoneAlone() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidstat = Fixtures.path("\(Self.folder)/pidstat.txt")
        func log(_ name: String, offset: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try "time=2026-12-07T05:39:36.788\(offset) pid=3470 method=GET path=/v2/claims/1 status=200 duration=0.01\n"
                .write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        // UTC beside pidstat: nothing to change
        #expect(IncidentZone.infer(paths: [pidstat, try log("utc.log", offset: "Z")]) == nil)
        // Two files that disagree: no zone can be told
        let a = try log("a.log", offset: "-03:00")
        let b = try log("b.log", offset: "+01:00")
        #expect(IncidentZone.infer(paths: [pidstat, a, b]) == nil)
        // No file whose times name no zone: nothing to read at the offset
        #expect(IncidentZone.infer(paths: [a]) == nil)
    }

    @Test func aLogInUTCBesideOnesPrintingTheHostsOffsetLeavesThatOffset() throws {
        // Given pidstat beside a request log in UTC (as lograge prints) and a log printing the host's -03:00
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidstat = Fixtures.path("\(Self.folder)/pidstat.txt")
        var logs: [String] = []
        for (name, offset) in [("utc.log", "Z"), ("local.log", "-03:00")] {
            let url = dir.appendingPathComponent(name)
            try "time=2026-12-07T05:39:36.788\(offset) pid=3470 method=GET path=/v2/claims/1 status=200 duration=0.01\n"
                .write(to: url, atomically: true, encoding: .utf8)
            logs.append(url.path)
        }
        // Then pidstat is read at the host's offset
        let zone = try #require(IncidentZone.infer(paths: [pidstat] + logs))
        #expect(zone.zone == .fixed(seconds: -3 * 3600))
        #expect(zone.printedBy == ["local.log"])
    }

    private static let smapsFolder =
        "verdicts/h27-puma-kestrelmouth-press-native-hyphen-ext-beside-title-metadata-cache"

    @Test func anUnnamedCaptureIsTheOneProcessTheOtherFilesName() throws {
        // Given a smaps_rollup loop (no pid in its name or lines) beside a GC log and a request log of pid 612
        let paths = ["smaps_rollup.log", "gc.log", "production.log.gz", "oncall-notes.txt"].map {
            Fixtures.path("\(Self.smapsFolder)/\($0)")
        }
        // When the process is inferred
        let process = try #require(IncidentProcess.infer(paths: paths))
        // Then the loop is read as pid 612's, and the note says which files name it
        #expect(process.pid == 612)
        #expect(process.unnamedPaths == [paths[0]])
        #expect(process.namedBy == ["gc.log", "production.log.gz"])
        #expect(process.note.hasPrefix("smaps_rollup.log: names no process; read as pid 612"))
        // Without another file naming a pid there is nothing to go by
        #expect(IncidentProcess.infer(paths: [paths[0], paths[3]]) == nil)
        // A loop printing only a time and a size beside a Sidekiq log of one process is that process
        let tollard = "verdicts/h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry"
        let loop = try #require(
            IncidentProcess.infer(paths: ["rss.log", "sidekiq.log.gz"].map { Fixtures.path("\(tollard)/\($0)") }))
        #expect(loop.pid == 5929 && loop.unnamedPaths.count == 1)
    }

    @Test func aFileWhoseDatesReadTwoWaysHasNoVoteOnTheDay() throws {
        // Given a loop stamped `08/12/2026 06:08:11` (12 August read month first) beside an access log of 8 December
        let folder = "verdicts/h31-python-harwick-native-thumbnail-beside-tag-cache-rates-job"
        let paths = ["smaps-rollup.log", "access.log.gz"].map { Fixtures.path("\(folder)/\($0)") }
        // Then the day is the access log's, not a tie the earlier reading wins
        #expect(IncidentDay.infer(paths: paths) == Timestamp.daysFromCivil(year: 2026, month: 12, day: 8))
    }

    @Test func theIncidentsDayIsTheDayMostFilesGive() throws {
        // Given the loop's `07/12/2026` (read month first on its own) beside three files of 7 December
        let paths = ["smaps_rollup.log", "gc.log", "production.log.gz", "heap-612-20261207T174916.json.gz"].map {
            Fixtures.path("\(Self.smapsFolder)/\($0)")
        }
        // Then the incident's day is 7 December, and the loop is read on it, at the offset the others print
        let day = try #require(IncidentDay.infer(paths: paths))
        #expect(day == Timestamp.daysFromCivil(year: 2026, month: 12, day: 7))
        let zone = try #require(IncidentZone.infer(paths: paths, day: day))
        #expect(zone.zone == .fixed(seconds: 19800))
        let db = try MemlineDatabase.inMemory()
        var options = IngestOptions()
        options.day = day
        options.zone = zone.zone
        _ = try db.ingest(path: paths[0], options: options)
        let first = try db.query(sql: "SELECT min(ts), count(*) FROM rss_samples")
        #expect(first.rows == [[.text("2026-12-07T12:19:06.000Z"), .integer(10)]])
    }
}
