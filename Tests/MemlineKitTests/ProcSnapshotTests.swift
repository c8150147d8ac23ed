import Foundation
import Testing

@testable import MemlineKit

/// `ps` and `/proc/PID/status` captures (real files from Debian 12: `ps aux`, `ps -eo pid,rss,vsz,comm,etimes`
/// and `cat /proc/2/status` of a leaking python3, taken 2 s and 32 s into a run).
struct ProcSnapshotTests {
    private static let at = Timestamp(year: 2026, month: 11, day: 22, hour: 1, minute: 38, second: 22)

    private func parse(_ text: String, as format: ArtifactFormat, at: Timestamp? = nil) throws -> RowCollector {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: "capture.txt", host: "vm", at: at))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    private func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path("linux/\(name)"), encoding: .utf8)
    }

    @Test func aStatusLoopThatKeptOnlyItsMemoryFieldsIsReadAtItsTimes() throws {
        // Given `date -Iseconds; grep -E 'VmHWM|VmRSS|RssAnon|RssFile' /proc/PID/status` every 25 s (Paris time)
        let path = "verdicts/h23-python-dunlow-intake-bodies-sparse-samples-beside-nightly-report/status-loop.txt"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.procStatus.name)
        let sink = try Fixtures.parse(path, as: .procStatus)
        // Then each time line begins a capture: seven readings at their UTC times, nothing skipped
        #expect(sink.skipped.isEmpty)
        #expect(sink.procReadings.count == 7)
        #expect(sink.procReadings.first?.sample.ts.iso8601 == "2026-12-07T06:30:20.000Z")
        #expect(sink.procReadings.first?.sample.rssKB == 22796)
        #expect(sink.procReadings.first?.sample.status?.rssAnonKB == 12376)
    }

    @Test func aStatusLoopStampedLikeAnAccessLogThatKeptItsThreadCountIsRead() throws {
        // Given `date '+== %d/%b/%Y:%T %z'; grep -E 'Vm(HWM|RSS)|Rss(Anon|File)|Threads' /proc/PID/status` every 5 s
        let path = "verdicts/h29-puma-brackenfold-dairy-yield-curve-memo-beside-milk-quality-csv-price-sheet/status.log"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.procStatus.name)
        let sink = try Fixtures.parse(path, as: .procStatus)
        // Then each stamp begins a capture, read at its offset: 22 readings, nothing skipped
        #expect(sink.skipped.isEmpty)
        #expect(sink.procReadings.count == 22)
        #expect(sink.procReadings.first?.sample.ts.iso8601 == "2026-12-07T18:02:38.000Z")
        #expect(sink.procReadings.first?.sample.rssKB == 31128)
        #expect(sink.procReadings.first?.sample.status?.threads == 11)
        // And a loop of other lines between its stamps is not a status capture
        let other = ["== 07/Dec/2026:19:02:38 +0100", "load: 0.5", "== 07/Dec/2026:19:02:43 +0100"]
        #expect(FormatRegistry.detect(head: other)?.name != ArtifactFormat.procStatus.name)
    }

    @Test func aLoopPrintingTheTimeAndVmRSSOnOneLineIsReadAtItsTimes() throws {
        // Given `echo "$(date -R) $(grep VmRSS /proc/PID/status)"` every 5 s (India time)
        let path =
            "verdicts/h29-beam-hexmoor-locker-presence-restart-beside-courier-sync-crashes-slot-planner/"
            + "vmrss-hexmoor.txt"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.procStatus.name)
        let sink = try Fixtures.parse(path, as: .procStatus)
        // Then every line is one reading at its UTC time, nothing skipped
        #expect(sink.skipped.isEmpty)
        #expect(sink.procReadings.count == 20)
        #expect(sink.procReadings.first?.sample.ts.iso8601 == "2026-12-07T17:56:40.000Z")
        #expect(sink.procReadings.first?.sample.rssKB == 44912)
        #expect(sink.procReadings.last?.sample.rssKB == 170980)
    }

    @Test func aLoopPrintingSeveralFieldsAfterUnixSecondsOnOneLineIsRead() throws {
        // Given `echo "$(date +%s) $(grep -E 'VmHWM|VmRSS|RssAnon' /proc/PID/status | tr '\n' ' ')"` every 4 s
        let path = "verdicts/h30-jemalloc-cobhurst-checkin-sessions-beside-daily-report-zone-table/status-cobhurst.log"
        let head = try Fixtures.lines(path).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == ArtifactFormat.procStatus.name)
        let sink = try Fixtures.parse(path, as: .procStatus)
        // Then every line is one reading with each of its fields
        #expect(sink.skipped.isEmpty)
        #expect(sink.procReadings.count == 26)
        let first = try #require(sink.procReadings.first?.sample)
        #expect(first.ts.iso8601 == "2026-12-07T21:05:19.000Z")
        #expect(first.rssKB == 5620)
        #expect(first.status?.rssAnonKB == 1676)
        #expect(sink.procReadings[3].sample.status?.hwmKB == 87696)
    }

    @Test func fieldsPrintedWithTheSameTimeMakeOneReading() throws {
        // Given one `date` for two fields, then a line whose prefix is no time
        let text = """
            1796666400 VmHWM:\t  52000 kB
            1796666400 VmRSS:\t  51000 kB
            1796666405 VmRSS:\t  53000 kB
            pid 12 VmRSS:\t  1 kB
            """
        let sink = try parse(text, as: .procStatus)
        // Then two readings, the first with its high-water mark, and the odd line skipped with its reason
        #expect(sink.procReadings.map(\.sample.rssKB) == [51000, 53000])
        #expect(sink.procReadings.first?.sample.status?.hwmKB == 52000)
        #expect(sink.skipped.map(\.line) == [4])
    }

    @Test func psAuxRowsBecomeSamplesNamedByTheirProgram() throws {
        // Given a real `ps aux` taken at a known time
        let sink = try Fixtures.parse(
            "linux/ps_aux_t1.txt", as: .ps, context: ParseContext(sourceName: "ps_aux_t1.txt", at: Self.at))
        // Then every process row is a sample in KiB with VSZ and %MEM, named by its program's base name
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.rssSamples.map(\.pid) == [1, 2, 3, 4, 69])
        #expect(sink.rssSamples.map(\.process) == ["bash", "python3", "ruby", "sleep", "ps"])
        let python = try #require(sink.rssSamples.first { $0.pid == 2 })
        #expect(python.rssKB == 95832)
        #expect(python.vszKB == 101784)
        #expect(python.memPercent == 0.3)
        #expect(python.line == 3)
        #expect(sink.rssSamples.allSatisfy { $0.ts == Self.at })
    }

    @Test func psAuxRowsWithoutTheirHeaderInADateLoopAreRead() throws {
        // Given the real `ps aux` rows as `while sleep 2; do date -Is; ps aux | grep …; done` writes them: no header
        let rows = try fixture("ps_aux_t1.txt").split(separator: "\n").dropFirst().joined(separator: "\n")
        let text = "2026-11-22T01:38:22+00:00\n" + rows + "\n2026-11-22T01:38:24+00:00\n" + rows + "\n"
        #expect(FormatRegistry.detect(head: text.split(separator: "\n").map(String.init))?.name == "ps")
        let sink = try parse(text, as: .ps)
        // Then each time line begins a snapshot of the BSD user layout, as with the header
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.rssSamples.map(\.pid) == [1, 2, 3, 4, 69, 1, 2, 3, 4, 69])
        #expect(sink.rssSamples.first { $0.pid == 2 }?.rssKB == 95832)
        #expect(sink.rssSamples.last?.ts.iso8601 == "2026-11-22T01:38:24.000Z")
        // A table of other numbers is not taken for one
        #expect(PsColumns.headerless("12:00:01 AM 1000 2 0.00 0.00 1234 5678 0.10 ruby") == nil)
    }

    @Test func psWithTheCommandBeforeTheLastColumnReadsOneWord() throws {
        // Given `ps -eo pid,rss,vsz,comm,etimes` (COMMAND is not last)
        let sink = try Fixtures.parse(
            "linux/ps_eo_t1.txt", as: .ps, context: ParseContext(sourceName: "ps_eo_t1.txt", at: Self.at))
        // Then each row is read by its header's columns
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.rssSamples.map(\.process) == ["linux.sh", "python3", "ruby", "sleep", "ps"])
        #expect(sink.rssSamples.map(\.rssKB) == [3688, 95832, 27468, 1876, 4536])
        #expect(sink.rssSamples.first { $0.pid == 3 }?.vszKB == 91908)
    }

    @Test func aDateAndPsLoopGivesOneSeriesPerProcess() throws {
        // Given the two real `ps aux` snapshots as a `while sleep 30; do date; ps aux; done` loop prints them
        let text =
            "Sun Nov 22 01:38:22 UTC 2026\n" + (try fixture("ps_aux_t0.txt")) + "Sun Nov 22 01:38:52 UTC 2026\n"
            + (try fixture("ps_aux_t1.txt"))
        let sink = try parse(text, as: .ps)
        // Then each snapshot takes the time printed before it, and the leaking python3 is seen growing
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        let python = sink.rssSamples.filter { $0.pid == 2 }
        #expect(python.map(\.ts.iso8601) == ["2026-11-22T01:38:22.000Z", "2026-11-22T01:38:52.000Z"])
        #expect(python.map(\.rssKB) == [18728, 95832])
    }

    @Test func aSecondPsSnapshotWithoutATimeIsSkippedWithTheFix() throws {
        // Given two snapshots in one file with no `date` lines, taken at a known time
        let text = (try fixture("ps_aux_t0.txt")) + (try fixture("ps_aux_t1.txt"))
        let sink = try parse(text, as: .ps, at: Self.at)
        // Then the first is read at that time and the second's rows are skipped, saying what to do
        #expect(sink.rssSamples.count == 5)
        #expect(sink.skipped.count == 5)
        #expect(sink.skipped.allSatisfy { $0.reason.contains("print `date` before each `ps`") })
    }

    @Test func kernelThreadsAndMalformedRowsAreHandled() throws {
        // Given a ps aux with a kernel thread and a truncated row
        let text = """
            USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
            root           2  0.0  0.0      0     0 ?        S    Nov21   0:00 [kthreadd]
            root          77  0.0  0.1  93808 29468 ?        S    01:38   0:00 ruby worker.rb
            root          78  0.0
            root         abc  0.0  0.1  93808 29468 ?        S    01:38   0:00 ruby
            """
        let sink = try parse(text, as: .ps, at: Self.at)
        // Then the kernel thread is left out, the good row read, and the bad ones skipped with reasons
        #expect(sink.rssSamples.map(\.pid) == [77])
        #expect(sink.skipped.map(\.line) == [4, 5])
        #expect(sink.skipped[0].reason.contains("expected 11 ps columns"))
        #expect(sink.skipped[1].reason.contains("PID column"))
    }

    @Test func procStatusKeepsEveryMemoryFieldAtTheVmRSSLine() throws {
        // Given a real /proc/2/status capture with a known time
        let sink = try Fixtures.parse(
            "linux/proc_status_python_t1.txt", as: .procStatus,
            context: ParseContext(sourceName: "proc_status_python_t1.txt", at: Self.at))
        // Then it is one reading of pid 2 with VmRSS and the rest of the status, pointing at the VmRSS line
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(sink.procReadings.count == 1)
        let (reading, line) = try #require(sink.procReadings.first)
        #expect(line == 23)
        #expect(reading.pid == 2)
        #expect(reading.process == "python3")
        #expect(reading.rssKB == 42372)
        #expect(reading.status?.vmSizeKB == 48328)
        #expect(reading.status?.hwmKB == 42372)
        #expect(reading.status?.rssAnonKB == 35676)
        #expect(reading.status?.rssFileKB == 6696)
        #expect(reading.status?.threads == 1)
        #expect(reading.ts == Self.at)
    }

    @Test func stampedStatusCapturesBecomeASeries() throws {
        // Given two captures of the same process, each after `date -Is`, and a kernel thread's status
        let text =
            "2026-11-22T01:38:31+00:00\n" + (try fixture("proc_status_python_t1.txt"))
            + "2026-11-22T01:38:49+00:00\n" + (try fixture("proc_status_python_t3.txt"))
            + "2026-11-22T01:38:50+00:00\nName:\tkthreadd\nState:\tS (sleeping)\nPid:\t2\n"
        let sink = try parse(text, as: .procStatus)
        // Then two readings at the stamped times, growing; the kernel thread is skipped with its reason
        #expect(sink.procReadings.map(\.sample.ts.iso8601) == ["2026-11-22T01:38:31.000Z", "2026-11-22T01:38:49.000Z"])
        #expect(sink.procReadings.map(\.sample.rssKB) == [42372, 88636])
        #expect(sink.skipped.count == 1)
        #expect(sink.skipped.first?.reason.contains("kernel thread") == true)
    }

    @Test func aLoopPrintingTheTimePidAndRollupOnOneLineIsOneReadingPerLine() throws {
        // Given a recorded loop: `08/12/2026 06:08:11 pid=18916 Rss:29596 kB Pss:23159 kB Anonymous:19816 kB `
        let file = "verdicts/h31-python-harwick-native-thumbnail-beside-tag-cache-rates-job/smaps-rollup.log"
        let head = try Fixtures.lines(file).prefix(20).map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "smaps-rollup")
        var context = ParseContext(sourceName: "smaps-rollup.log")
        context.day = Timestamp.daysFromCivil(year: 2026, month: 12, day: 8)
        let sink = try Fixtures.parse(file, as: .smapsRollup, context: context)
        // Then each line is a reading of the pid it prints, day first near the incident's day
        #expect(sink.skipped.isEmpty)
        let readings = sink.procReadings.map(\.sample)
        #expect(readings.count == 28 && readings.allSatisfy { $0.pid == 18916 })
        #expect(readings.first?.ts.iso8601 == "2026-12-08T06:08:11.000Z")
        #expect(readings.first?.rssKB == 29596 && readings.first?.smaps?.pssKB == 23159)
        #expect(sink.procReadings.map(\.line).prefix(2) == [1, 2])
    }

    @Test func smapsRollupGivesPSSWithThePidFromTheFileName() throws {
        // Given two real smaps_rollup captures of pid 2, in one file after `date` lines, named by the pid
        let text =
            "Sun Nov 22 01:38:31 UTC 2026\n" + (try fixture("smaps_rollup_python_t1.txt"))
            + "Sun Nov 22 01:38:49 UTC 2026\n" + (try fixture("smaps_rollup_python_t3.txt"))
        let sink = RowCollector()
        var parser = ArtifactFormat.smapsRollup.makeParser(
            ParseContext(sourceName: "smaps_rollup.pid-2.txt", label: "python3"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        // Then two readings of pid 2 with RSS, PSS and its split, at the Rss lines
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        let readings = sink.procReadings
        #expect(readings.map(\.sample.pid) == [2, 2])
        #expect(readings.map(\.sample.process) == ["python3", "python3"])
        #expect(readings.map(\.line) == [3, 27])
        let first = try #require(readings.first?.sample)
        #expect(first.rssKB == 42372)
        #expect(first.smaps?.pssKB == 40574)
        #expect(first.smaps?.pssAnonKB == 35676)
        #expect(readings.last?.sample.rssKB == 88636)
    }

    @Test(
        arguments: [
            ("smaps_rollup.pid-1234.txt", 1234), ("smaps.1234", 1234), ("1234-smaps_rollup.txt", 1234),
            ("smaps_rollup_python_t1.txt", nil), ("smaps-2026-11-22.txt", nil),
        ] as [(String, Int?)])
    func smapsPidComesFromAFileNameRunOfDigitsStandingAlone(name: String, pid: Int?) {
        #expect(ProcCaptureParser.pid(fromFileName: name) == pid)
    }

    @Test func procCapturesIngestWithEveryRecorderColumn() throws {
        // Given a status capture ingested with --at
        let db = try MemlineDatabase.inMemory()
        var options = IngestOptions()
        options.at = Self.at
        _ = try db.ingest(path: Fixtures.path("linux/proc_status_python_t1.txt"), options: options)
        // Then its row holds the status fields the recorder stores too
        let row = try db.query(sql: "SELECT rss_kb, hwm_kb, rss_anon_kb, rss_file_kb, threads, line FROM rss_samples")
        #expect(
            row.rows == [
                [.integer(42372), .integer(42372), .integer(35676), .integer(6696), .integer(1), .integer(23)]
            ])
    }

    @Test(arguments: [
        ("Sat Dec  5 19:31:16 UTC 2026", "2026-12-05T19:31:16.000Z"),
        ("Sat Dec  5 19:31:16 2026", "2026-12-05T19:31:16.000Z"),
        ("2026-12-05T19:31:16+01:00", "2026-12-05T18:31:16.000Z"),
        ("2026-12-05 19:31:16+00:00", "2026-12-05T19:31:16.000Z"),
        ("1796499076", "2026-12-05T19:31:16.000Z"),
        ("Mon, 07 Dec 2026 15:25:52 +0530", "2026-12-07T09:55:52.000Z"),
        // `date` in en_GB and other locales (`%a %d %b %Y %T %Z`), an abbreviation that names one offset
        ("Mon 07 Dec 2026 21:34:17 AEST", "2026-12-07T11:34:17.000Z"),
        ("Mon 07 Dec 2026 21:34:17 -03", "2026-12-08T00:34:17.000Z"),
        ("Mon Dec  7 21:34:17 PDT 2026", "2026-12-08T04:34:17.000Z"),
        // A loop's banner around the time
        ("### 2026-12-07 22:50:45 ACDT", "2026-12-07T12:20:45.000Z"),
        ("--- 2026-12-07T06:08:09-06:00", "2026-12-07T12:08:09.000Z"),
        ("=== Sat Dec  5 19:31:16 UTC 2026 ===", "2026-12-05T19:31:16.000Z"),
        // An ambiguous abbreviation (US Central, China, Cuba) is read in --tz
        ("Mon Dec  7 21:34:17 CST 2026", "2026-12-07T21:34:17.000Z"),
        // The access log's stamp (`date '+%d/%b/%Y:%T %z'`)
        ("== 07/Dec/2026:19:02:38 +0100", "2026-12-07T18:02:38.000Z"),
        // A numeric date with an offset, inside a banner that names what follows
        ("== 08.12.2026 10:01:54 +1300 probe 1", "2026-12-07T21:01:54.000Z"),
    ])
    func stampLinesOfCommonDateCommands(text: String, iso: String) {
        #expect(SnapshotStamp.parse(text, zone: .utc)?.iso8601 == iso)
    }

    @Test func aDateOfNumbersIsReadTheWayRoundNearerTheIncidentsDay() {
        let december7 = Timestamp.daysFromCivil(year: 2026, month: 12, day: 7)
        // `date '+%d/%m/%Y %T %Z'` in India: 7 December, not 12 July, beside files of 7 December; IST names three
        // zones, so it is read in the zone given
        #expect(
            SnapshotStamp.parse("07/12/2026 17:49:06 IST", zone: .fixed(seconds: 19800), near: december7)?.iso8601
                == "2026-12-07T12:19:06.000Z")
        // The same date printed month first is the same day
        #expect(
            SnapshotStamp.parse("12/07/2026 17:49:06", zone: .utc, near: december7)?.iso8601
                == "2026-12-07T17:49:06.000Z")
        // A part above 12 is the day, whatever the incident's day
        #expect(
            SnapshotStamp.parse("13/12/2026 08:00:00 CET", zone: .utc, near: december7)?.iso8601
                == "2026-12-13T07:00:00.000Z")
        #expect(SnapshotStamp.parse("12/13/2026 08:00:00", zone: .utc)?.iso8601 == "2026-12-13T08:00:00.000Z")
        // `date +%D` prints the year in two digits
        #expect(
            SnapshotStamp.parse("12/07/26 08:00:00", zone: .utc, near: december7)?.iso8601 == "2026-12-07T08:00:00.000Z"
        )
        // A dotted date is day first; with no day to go by, a slashed one is month first (`date +%D`, `%x`)
        #expect(SnapshotStamp.parse("07.12.2026 08:00:00", zone: .utc)?.iso8601 == "2026-12-07T08:00:00.000Z")
        #expect(SnapshotStamp.parse("07/12/2026 08:00:00", zone: .utc)?.iso8601 == "2026-07-12T08:00:00.000Z")
        // Not dates
        #expect(SnapshotStamp.parse("13/13/2026 08:00:00", zone: .utc) == nil)
        #expect(SnapshotStamp.parse("07/12/2026 8 o'clock", zone: .utc) == nil)
    }

    @Test(arguments: ["12345", "Name:\tpython3", "root 1 0.0", "Sat Dec 5 nonsense", "", "------", "# 42"])
    func otherLinesAreNoStamps(text: String) {
        #expect(SnapshotStamp.parse(text, zone: .utc) == nil)
    }

    @Test(arguments: [
        ("linux/ps_aux_t0.txt", "ps"), ("linux/ps_eo_t0.txt", "ps"), ("linux/proc_status_python_t1.txt", "proc-status"),
        ("linux/smaps_rollup_python_t1.txt", "smaps-rollup"), ("linux/pidstat_r_iso.txt", "pidstat"),
    ])
    func capturesAreDetected(file: String, format: String) throws {
        let head = try Fixtures.lines(file).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: Array(head))?.name == format)
    }

    @Test func psCapturesIngestAsOneSeriesTimedByTheirFileNames() throws {
        // Given two ps captures named by the time they were taken
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let captures = [
            ("ps-2026-11-22T01-38-22Z.txt", "ps_aux_t0.txt"), ("ps-2026-11-22T01-38-52Z.txt", "ps_aux_t1.txt"),
        ]
        for (name, source) in captures {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("linux/\(source)"), toPath: dir.appendingPathComponent(name).path)
        }
        let db = try MemlineDatabase.inMemory()
        // When both are ingested
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            _ = try db.ingest(path: dir.appendingPathComponent(name).path)
        }
        // Then the python3 series has both samples at the files' times
        let rows = try db.query(sql: "SELECT ts, rss_kb FROM rss_samples WHERE pid = 2 ORDER BY ts")
        #expect(rows.rows.count == 2)
        #expect(rows.rows.first?.first == .text("2026-11-22T01:38:22.000Z"))
    }
}
