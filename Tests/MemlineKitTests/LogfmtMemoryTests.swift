import Foundation
import Testing

@testable import MemlineKit

/// logfmt memory lines from ad-hoc sampling loops become RSS samples.
struct LogfmtMemoryTests {
    private func parse(_ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = ArtifactFormat.logfmtMemory.makeParser(ParseContext(sourceName: "loop.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test(arguments: [
        ("loop_rss_kb.log", "2026-12-06T09:11:53.000Z", 17656.0, nil as Int?, nil as String?),
        ("loop_ts_pid_rss_mb.log", "2026-12-06T09:11:53.707Z", 17.2 * 1024, 26469, nil),
        ("loop_time_mem_used.log", "2026-12-06T09:11:53.000Z", 1_329_393_664.0 / 1024, nil, "vm"),
    ])
    func eachRealLoopIsReadAsSamples(file: String, firstTS: String, firstKB: Double, pid: Int?, host: String?) throws {
        // Given a recorded sampling loop in one of three styles
        let head = try Fixtures.lines("logfmt/\(file)").map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "logfmt-memory")

        // When it is read
        let sink = try Fixtures.parse("logfmt/\(file)", as: .logfmtMemory)

        // Then every line is a sample, its unit from the key (rss_kb), the value (17.2MB), or its size (bytes)
        #expect(sink.skipped.isEmpty)
        #expect(sink.rssSamples.count == 8)
        let first = try #require(sink.rssSamples.first)
        #expect(first.ts.iso8601 == firstTS)
        #expect(abs(first.rssKB - firstKB) < 0.001)
        #expect(first.pid == pid)
        #expect(first.host == host)
    }

    @Test(arguments: [
        ("t=1 mem=1", nil as Double?), ("ts=2026-12-06T09:00:00Z rss=512M", 524_288),
        ("ts=2026-12-06T09:00:00Z rss=1.5GiB", 1_572_864),
        ("ts=1796000000 memory_bytes=2048", 2), ("ts=2026-12-06T09:00:00Z rss_mb=3", 3072),
        ("ts=2026-12-06T09:00:00Z vmrss=4324kB", 4324),
    ])
    func unitsComeFromTheKeyOrTheValue(line: String, kib: Double?) throws {
        let sink = try parse(line)
        #expect(sink.rssSamples.first?.rssKB == kib)
    }

    @Test func malformedLinesAreSkippedWithTheirReason() throws {
        // Given a loop's output with a start banner, a line without a time, a value that is no size and a bad time
        let sink = try parse(
            """
            starting sampler for pid 26469
            pid=26469 rss=17.2MB
            ts=2026-12-06T09:11:53.707Z pid=26469 rss=lots
            ts=yesterday pid=26469 rss=17.2MB
            ts=2026-12-06T09:11:54.226Z pid=26469 rss=27.3MB
            """)
        // Then the good line is a sample and each other line is counted with why
        #expect(sink.rssSamples.map(\.line) == [5])
        #expect(
            sink.skipped.map { "\($0.line) \($0.reason)" } == [
                "1 no key naming memory (rss_kb=…, rss=…MB, mem_used=…); not a memory sample",
                "2 time (leading or ts=/time=): missing or empty; every sample needs a time",
                "3 key rss: expected a size such as 4324, 17.2MB or 1.2GiB, got 'lots'",
                "4 key ts: expected an ISO-8601 time or Unix seconds, got 'yesterday'",
            ])
    }

    @Test func aWatchdogsLinesThatAProcessStartedOrEndedAreEvents() throws {
        // Given a watchdog's log: its samples, and its own lines when it starts, restarts and stops the service
        let sink = try Fixtures.parse(
            "verdicts/h12-supervised-telemetry-trail-restart-zone-warmup/watchdog.log", as: .logfmtMemory)
        // Then nothing is skipped: the lifecycle lines are events of the pid they name
        #expect(sink.skipped.isEmpty)
        #expect(sink.rssSamples.count == 53)
        #expect(sink.events.map(\.kind) == ["restart", "exit", "restart", "exit", "restart", "exit"])
        #expect(sink.events.map(\.pid) == [17954, 17954, 22763, 22763, 25715, 25715])
        #expect(sink.events.first?.ts.iso8601 == "2026-12-06T20:56:05.861Z")
        #expect(sink.events.first?.process == "pebbledash")
        // And a message that says nothing about a process stays a line without memory
        #expect(try parse("ts=2026-12-06T09:11:53Z msg=flushing pid=3").skipped.count == 1)
    }

    @Test func aSupervisorsLinesWithoutMemoryAreReadAsItsProcessesLives() throws {
        // Given a supervisor's log: the service started, killed by the OOM killer, started again, stopped
        let path = "verdicts/h15-python-tenantdesk-rates-oomkill-restart/tenantdesk-run.log"
        let head = try Fixtures.lines(path).map(\.text)
        // Then it is claimed as this format, and every line is an event of the pid it names
        #expect(FormatRegistry.detect(head: head)?.name == "logfmt-memory")
        let sink = try Fixtures.parse(path, as: .logfmtMemory)
        #expect(sink.skipped.isEmpty)
        #expect(sink.events.map(\.kind) == ["restart", "kill", "restart", "exit"])
        #expect(sink.events.map(\.pid) == [3636, 3636, 5830, 5830])
    }

    /// Recorded incidents whose sampler loops and supervisors write this format for real.
    private static let loopsWrittenForReal: Set<String> = [
        "h6-puma-phased-tax-memo/rss-sampler.log",
        "h8-sidekiq7-lru-warmup-control/memory.log",
        "h10-puma-deploy-rollback-availability-memo/rss.log",
        "h12-supervised-telemetry-trail-restart-zone-warmup/watchdog.log",
        "h13-unicorn-usr2-deploy-plant-search-memo-after-hup/rss.log",
        "h14-beam-wharfline-berth-events-node-restart/wharfline-run.log",
        "h15-sidekiq5-deploy-rate-quote-memo-rollback-reconcile/rss.log",
        "h15-python-tenantdesk-rates-oomkill-restart/tenantdesk-run.log",
        "h18-puma-single-threads-traffic-doubling-admin-audit-control/rss.log",
        "h20-sidekiq-text-arena-plateau-nightly-rollup-deploy-control/rss.log",
        "h22-puma-single-alderbrook-template-warmup-flat-control/rss.log",
        "h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry/rss.log",
    ]

    @Test func noOtherFixtureIsTakenForALoop() throws {
        let base = Fixtures.path("")
        var checked = 0
        for path in try ArtifactPaths.expand(base)
        where !path.contains("/logfmt/")
            && !Self.loopsWrittenForReal.contains { path.hasSuffix("/verdicts/" + $0) }
        {
            let head = try Fixtures.lines(String(path.dropFirst(base.count + 1))).prefix(50).map(\.text)
            #expect(FormatRegistry.detect(head: Array(head))?.name != "logfmt-memory", "\(path)")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func aLoopPrintingOnlyATimeAndASizeIsReadAsSamples() throws {
        // Given `echo "$(date +%s) $(ps -o rss= -p PID)"` every 10 s, and the same with ISO times and units
        let folder = "verdicts/h28-sidekiq-tollard-harbour-fiddle-tide-raster-beside-vessel-registry"
        let head = try Fixtures.lines("\(folder)/rss.log").map(\.text)
        #expect(FormatRegistry.detect(head: head)?.name == "logfmt-memory")
        let sink = try Fixtures.parse("\(folder)/rss.log", as: .logfmtMemory)
        // Then each line is a sample in KiB at its Unix time
        #expect(sink.skipped.isEmpty)
        #expect(sink.rssSamples.first?.ts.iso8601 == "2026-12-07T14:43:35.000Z")
        #expect(sink.rssSamples.first?.rssKB == 17_856)
        #expect(sink.rssSamples.allSatisfy { $0.pid == nil })
        let iso = try parse("2026-12-07T14:43:35Z 17.4MB\n1796654625000 21396\n")
        #expect(iso.rssSamples.map(\.rssKB) == [17.4 * 1024, 21_396])
        #expect(iso.rssSamples.last?.ts.iso8601 == "2026-12-07T14:43:45.000Z")
        // A pair whose second word is no size stays a skipped line
        #expect(try parse("1796654625 ok\n").skipped.count == 1)
    }
}
