import Foundation
import Testing

@testable import MemlineKit

struct PidstatTests {
    private func parse(_ text: String, context: ParseContext = ParseContext(sourceName: "pidstat.txt")) throws
        -> RowCollector
    {
        let sink = RowCollector()
        var parser = ArtifactFormat.pidstat.makeParser(context)
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    private static let banner = "Linux 6.18.44-fc-v657 (vm) \t11/22/26 \t_x86_64_\t(2 CPU)\n\n"

    @Test(arguments: [
        ("linux/pidstat_r_24h_sigterm.txt", 87, "2026-11-22T01:38:48.000Z"),
        ("linux/pidstat_r_12h_en_US_sigint.txt", 87, "2026-11-22T01:38:48.000Z"),
        ("linux/pidstat_r_average.txt", 90, "2026-11-22T01:38:49.000Z"),
        ("linux/pidstat_r_h.txt", 90, "2026-11-22T01:38:49.000Z"),
        ("linux/pidstat_r_iso.txt", 60, "2026-11-22T01:38:39.000Z"),
    ])
    func readsEveryProcessRowOfRealReports(file: String, samples: Int, lastTS: String) throws {
        // Given a real pidstat -r report (three processes, one sample per second)
        // When it is parsed
        let sink = try Fixtures.parse(file, as: .pidstat)
        // Then every process row is a sample, Average lines and headers are not, nothing is skipped
        #expect(sink.rssSamples.count == samples)
        #expect(sink.skipped.isEmpty, "\(sink.skipped)")
        #expect(Set(sink.rssSamples.compactMap(\.pid)) == [2, 3, 4])
        #expect(Set(sink.rssSamples.compactMap(\.process)) == ["python3", "ruby", "sleep"])
        #expect(sink.rssSamples.allSatisfy { $0.host == "vm" })
        #expect(sink.rssSamples.first?.ts.iso8601 == "2026-11-22T01:38:20.000Z")
        #expect(sink.rssSamples.last?.ts.iso8601 == lastTS)
        #expect(sink.rssSamples.map(\.ts) == sink.rssSamples.map(\.ts).sorted())
    }

    @Test func keepsEveryColumnOfA24HourRow() throws {
        let sink = try Fixtures.parse("linux/pidstat_r_24h_sigterm.txt", as: .pidstat)
        let first = try #require(sink.rssSamples.first)
        // 01:38:20        0         2    771.00      0.00   27768   21596   0.09  python3
        #expect(
            first
                == RSSSample(
                    line: 4, ts: try #require(Timestamp.parseISO("2026-11-22T01:38:20Z")), host: "vm", pid: 2,
                    process: "python3", rssKB: 21596, vszKB: 27768, minorFaultsPerSecond: 771,
                    majorFaultsPerSecond: 0, memPercent: 0.09))
        // 01:38:48        0         2    771.00      0.00   99728   93532   0.38  python3 (line 144)
        let python = sink.rssSamples.filter { $0.pid == 2 }
        #expect(python.count == 29)
        #expect(python.last?.line == 144)
        #expect(python.last?.rssKB == 93532)
        #expect(python.last?.vszKB == 99728)
        #expect(python.last?.memPercent == 0.38)
    }

    @Test func readsTwelveHourClockAndSkipsAverageBlock() throws {
        // Given the same run printed with LC_ALL=en_US (01:38:20 AM, header date 11/22/2026) and an Average block
        let sink = try Fixtures.parse("linux/pidstat_r_12h_en_US_sigint.txt", as: .pidstat)
        let ruby = try #require(sink.rssSamples.first { $0.pid == 3 })
        // 01:38:20 AM     0         3   1956.00      0.00  101632   37192   0.15  ruby
        #expect(ruby.line == 5)
        #expect(ruby.ts.iso8601 == "2026-11-22T01:38:20.000Z")
        #expect(ruby.rssKB == 37192)
        #expect(ruby.minorFaultsPerSecond == 1956)
        // Then no Average line (646.74 minflt/s for python3) became a sample
        #expect(!sink.rssSamples.contains { $0.minorFaultsPerSecond == 646.74 })
    }

    @Test func readsHeaderPerRowModeByColumnName() throws {
        // Given pidstat -r -h: '# Time' headers and a different first sample (763.37 minflt/s)
        let sink = try Fixtures.parse("linux/pidstat_r_h.txt", as: .pidstat)
        let first = try #require(sink.rssSamples.first)
        #expect(first.line == 4)
        #expect(first.minorFaultsPerSecond == 763.37)
        #expect(first.rssKB == 21596)
    }

    @Test func rollsOverToTheNextDayWhenTheClockGoesBack() throws {
        // Given a report crossing midnight, then a small backwards clock step (NTP) later that night
        let text =
            PidstatTests.banner + """
                23:59:58      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                23:59:59        0         7      1.00      0.00    5900    1704   0.01  sleep

                23:59:59      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                00:00:00        0         7      1.00      0.00    5900    1800   0.01  sleep

                00:00:00      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                00:00:09        0         7      1.00      0.00    5900    1900   0.01  sleep
                00:00:05        0         7      1.00      0.00    5900    2000   0.01  sleep
                """
        // When it is parsed
        let sink = try parse(text)
        // Then the rows after midnight are on the next day, and the 4-second step back stays on it
        #expect(
            sink.rssSamples.map(\.ts.iso8601) == [
                "2026-11-22T23:59:59.000Z", "2026-11-23T00:00:00.000Z", "2026-11-23T00:00:09.000Z",
                "2026-11-23T00:00:05.000Z",
            ])
    }

    @Test func rollsOverWithTwelveHourClockAndMonthEnd() throws {
        let text =
            "Linux 6.1.0 (db-2) \t11/30/2026 \t_x86_64_\t(8 CPU)\n\n" + """
                11:59:59 PM   UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                12:00:00 AM     0        42      0.00      0.00    5900    1704   0.01  postgres
                12:00:01 PM     0        42      0.00      0.00    5900    1704   0.01  postgres
                """
        let sink = try parse(text)
        #expect(sink.rssSamples.map(\.ts.iso8601) == ["2026-12-01T00:00:00.000Z", "2026-12-01T12:00:01.000Z"])
        #expect(sink.rssSamples.first?.host == "db-2")
    }

    @Test func readsWallClockInTheGivenZoneAndHostOption() throws {
        // Given --tz +09:00 and --host web-1
        let context = ParseContext(sourceName: "p.txt", host: "web-1", zone: try #require(ZoneRule(parsing: "+09:00")))
        let sink = try Fixtures.parse("linux/pidstat_r_iso.txt", as: .pidstat, context: context)
        // Then 01:38:20 on 2026-11-22 in Tokyo is 16:38:20 the day before in UTC, on host web-1
        #expect(sink.rssSamples.first?.ts.iso8601 == "2026-11-21T16:38:20.000Z")
        #expect(sink.rssSamples.allSatisfy { $0.host == "web-1" })

        let berlin = ParseContext(sourceName: "p.txt", zone: try #require(ZoneRule(parsing: "Europe/Berlin")))
        let winter = try Fixtures.parse("linux/pidstat_r_iso.txt", as: .pidstat, context: berlin)
        #expect(winter.rssSamples.first?.ts.iso8601 == "2026-11-22T00:38:20.000Z")
    }

    @Test func findsColumnsByNameAcrossVersionsAndOptions() throws {
        // Given -t (TGID/TID, thread rows), an old sysstat without UID printing Unix seconds with -h,
        // and -h with CPU columns first and -l command lines with spaces
        let threads =
            PidstatTests.banner + """
                10:00:00      UID      TGID       TID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                10:00:01     1000      1234         -      5.00      0.00  123456    7890   0.10  ruby
                10:00:01     1000         -      1234      5.00      0.00  123456    7890   0.10  |__ruby
                10:00:01     1000         -      1240      0.00      0.00  123456    7890   0.10  |__puma 001
                """
        let t = try parse(threads)
        #expect(t.rssSamples.map(\.pid) == [1234])
        #expect(t.rssSamples.first?.rssKB == 7890)
        #expect(t.skipped.isEmpty)

        let old =
            PidstatTests.banner + """
                #      Time   PID  minflt/s  majflt/s     VSZ    RSS   %MEM  Command
                 1795311500   812     12.00      0.00   40000  30000   1.50  unicorn
                """
        let o = try parse(old)
        #expect(o.rssSamples.first?.ts.iso8601 == Timestamp(milliseconds: 1_795_311_500_000).iso8601)
        #expect(o.rssSamples.first?.pid == 812)
        #expect(o.rssSamples.first?.memPercent == 1.5)

        let wide =
            PidstatTests.banner + """
                # Time        UID       PID    %usr %system  %guest   %wait    %CPU   CPU  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                01:38:20        0        77    1.00    0.00    0.00    0.00    1.00     1      3.00      0.00   99000   88000   0.40  ruby /srv/app/bin/rails server -p 3000
                """
        let w = try parse(wide)
        #expect(w.rssSamples.first?.rssKB == 88000)
        #expect(w.rssSamples.first?.vszKB == 99000)
        #expect(w.rssSamples.first?.process == "ruby /srv/app/bin/rails server -p 3000")
    }

    @Test func skipsGarbageAndTruncatedRowsWithReasonsAndReadsCRLF() throws {
        // Given CRLF line endings, a garbage line, a row cut short, and rows of a CPU-only report (-u)
        let text =
            (PidstatTests.banner + """
                01:38:19      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                01:38:20        0         2    771.00      0.00   27768   21596   0.09  python3
                Killed by signal 9 mid-line
                01:38:20        0         3    771.00      0.00   27768   oops   0.09  ruby
                01:38:20      UID       PID    %usr %system  %guest   %wait    %CPU   CPU  Command
                01:38:21        0         2    1.00    0.00    0.00    0.00    1.00     1  python3

                01:38:21      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
                01:38:22        0         2    514.00      0.00   29824   23644   0.10  python3
                01:38:22        0         3   1956.0
                """).replacingOccurrences(of: "\n", with: "\r\n")
        let sink = try parse(text)
        // Then the good memory rows are samples, the CPU rows are passed over, and each bad line says why
        #expect(sink.rssSamples.map(\.rssKB) == [21596, 23644])
        #expect(sink.rssSamples.last?.process == "python3")
        #expect(sink.skipped.map(\.line) == [5, 6, 12])
        #expect(sink.skipped[0].reason.hasPrefix("expected a pidstat line"))
        #expect(sink.skipped[1].reason == "RSS column: expected a number of kB")
        #expect(sink.skipped[2].reason == "expected 8 columns after the time as in the header, found 3")
    }

    @Test func refusesToDateRowsWithoutBanner() throws {
        let text = """
            01:38:19      UID       PID  minflt/s  majflt/s     VSZ     RSS   %MEM  Command
            01:38:20        0         2    771.00      0.00   27768   21596   0.09  python3
            """
        let sink = try parse(text)
        #expect(sink.rssSamples.isEmpty)
        #expect(sink.skipped.first?.reason.hasPrefix("no pidstat banner") == true)
    }

    @Test func readsBannerDatesInEveryLocaleForm() {
        func ymd(_ text: String) -> [Int]? { PidstatClock.parseDate(text).map { [$0.year, $0.month, $0.day] } }
        #expect(ymd("11/22/26") == [2026, 11, 22])
        #expect(ymd("11/22/2026") == [2026, 11, 22])
        #expect(ymd("2026-11-22") == [2026, 11, 22])
        #expect(ymd("22/11/2026") == [2026, 11, 22])
        #expect(ymd("22.11.2026") == [2026, 11, 22])
        #expect(PidstatClock.parseDate("_x86_64_") == nil)
        #expect(PidstatClock.parseDate("13/13/26") == nil)
    }

    @Test func isDetectedFromItsHeadAndOnlyWithMemoryColumns() throws {
        for file in ["linux/pidstat_r_24h_sigterm.txt", "linux/pidstat_r_h.txt", "linux/pidstat_r_iso.txt"] {
            let head = try Fixtures.lines(file).prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: head)?.name == "pidstat", "\(file)")
        }
        let cpuOnly =
            (PidstatTests.banner + """
                01:38:19      UID       PID    %usr %system  %guest   %wait    %CPU   CPU  Command
                01:38:20        0         2    1.00    0.00    0.00    0.00    1.00     1  python3
                """).split(separator: "\n").map(String.init)
        #expect(ArtifactFormat.detectPidstat(head: cpuOnly) == 0)
    }
}
