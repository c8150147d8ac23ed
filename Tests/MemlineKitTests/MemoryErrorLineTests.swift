import Foundation
import MemlineKit
import Testing

struct MemoryErrorLineTests {
    private func events(_ format: ArtifactFormat, _ text: String) throws -> RowCollector {
        let sink = RowCollector()
        var parser = format.makeParser(ParseContext(sourceName: "x.log"))
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func railsLogWorkerKillersAndOutOfMemoryErrors() throws {
        let text = """
            I, [2017-07-26T10:00:01.000000 #7551]  INFO -- : Started GET "/reports/3" for 10.0.0.1 at 2017-07-26 10:00:01 +0000
            I, [2017-07-26T10:00:01.100000 #7551]  INFO -- : Processing by ReportsController#show as HTML
            F, [2017-07-26T10:00:02.000000 #7551] FATAL -- : Errno::ENOMEM (Cannot allocate memory - fork(2)):
              app/models/report.rb:12:in `render'
            W, [2017-07-26T10:00:03.000000 #7540]  WARN -- : #<Unicorn::HttpServer:0x00007f>: worker (pid: 7551) exceeds memory limit (285212672 bytes > 268435456 bytes)
            W, [2017-07-26T10:00:03.100000 #7540]  WARN -- : Unicorn::WorkerKiller send SIGQUIT (pid: 7551) alive: 23 sec (trial 1)
            E, [2017-07-26T10:00:04.000000 #7552] ERROR -- : failed to allocate memory (NoMemoryError)
            I, [2017-07-26T10:00:05.000000 #2]  INFO -- : PumaWorkerKiller: Rolling Restart. 5 workers consuming total: 650 mb. Sending TERM to pid 34.
            \tSending TERM to pid 35 consuming 120.5 mb.
            I, [2017-07-26T10:00:06.000000 #2]  INFO -- : PumaWorkerKiller: Consuming 54.3 mb with master and 2 workers.
            """
        let sink = try events(.rails, text)
        #expect(sink.events.map(\.kind) == ["enomem", "worker-killed", "enomem", "restart", "worker-killed"])
        #expect(sink.events.map(\.pid) == [7551, 7551, 7552, 34, 35])
        #expect(sink.events[0].details == "{\"error\":\"Errno::ENOMEM\"}")
        #expect(sink.events[0].ts == Timestamp.parseISO("2017-07-26T10:00:02Z"))
        #expect(
            sink.events[1].details
                == "{\"killer\":\"unicorn-worker-killer\",\"rss_bytes\":285212672,\"limit_bytes\":268435456}")
        #expect(sink.events[1].process == "unicorn-worker-killer")
        #expect(sink.events[2].details == "{\"error\":\"NoMemoryError\"}")
        #expect(
            sink.events[3].details
                == "{\"killer\":\"puma_worker_killer\",\"cause\":\"rolling_restart\",\"workers\":5,\"total_mb\":650}")
        // The tab-indented continuation takes the time of the Logger line before it.
        #expect(sink.events[4].ts == Timestamp.parseISO("2017-07-26T10:00:05Z"))
        #expect(sink.events[4].details == "{\"killer\":\"puma_worker_killer\",\"worker_mb\":120.5}")
        // The request itself is still read (never completed: the worker died).
        #expect(sink.requests.count == 1)
    }

    @Test func gitLabStylePumaWorkerKillerLine() throws {
        let text =
            "I, [2020-10-01T10:00:00.000000 #26000]  INFO -- : PumaWorkerKiller: Out of memory. 4 workers consuming "
            + "total: 4871.23828125 MB out of max: 4798.08 MB. Sending TERM to pid 26668 consuming 1001.00390625 MB."
        let sink = try events(.rails, text)
        #expect(sink.events.first?.pid == 26668)
        #expect(
            sink.events.first?.details == "{\"killer\":\"puma_worker_killer\",\"workers\":4,"
                + "\"total_mb\":4871.23828125,\"max_mb\":4798.08,\"worker_mb\":1001.00390625}")
    }

    @Test func requestRSSLogsCarryWorkerKillersToo() throws {
        let text = """
            I, [2017-07-26T10:00:01.123456 #7551]  INFO -- : CONSUME MEMORY: 16528KB\tNow: 211704 KB\thttps://example.com/reports/3386?x=1
            E, [2017-07-26T10:00:02.000000 #7551] ERROR -- : Errno::ENOMEM: Cannot allocate memory
            """
        let sink = try events(.requestRSS, text)
        #expect(sink.requestMemory.count == 1)
        #expect(sink.events.map(\.kind) == ["enomem"])
        #expect(sink.events.first?.pid == 7551)
    }

    @Test func anUntimedOutOfMemoryLineIsSkippedNotGuessed() throws {
        let sink = try events(.rails, "Errno::ENOMEM (Cannot allocate memory)")
        #expect(sink.events.isEmpty)
        #expect(sink.skipped.first?.reason.hasPrefix("enomem line without a time") == true)
    }
}
