import Foundation
import MemlineKit
import Testing

struct HerokuLogTests {
    static let sample = "heroku/BUILT_FROM_DOCS_heroku_logs_rails_puma_sidekiq.log"

    private func parse(_ text: String, context: ParseContext = ParseContext(sourceName: "t.log")) throws
        -> RowCollector
    {
        let sink = RowCollector()
        var parser = ArtifactFormat.heroku.makeParser(context)
        try parser.parseAll(Line.lines(of: text), into: sink)
        return sink
    }

    @Test func detectsHerokuLogsAndDrainFrames() throws {
        let log = try Fixtures.lines(Self.sample).prefix(50).map(\.text)
        #expect(FormatRegistry.detect(head: log)?.name == "heroku")
        let drain = try Fixtures.lines("heroku/BUILT_FROM_DOCS_runtime_metrics.log").map(\.text)
        #expect(FormatRegistry.detect(head: drain)?.name == "heroku")
    }

    @Test func readsTheWholeSampleIntoRequestsMemoryJobsAndEvents() throws {
        // Given the 243-line built-from-docs stream (router, runtime metrics, R14/R15/R10, restarts, Rails, Sidekiq)
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        // Then every request is one row (Rails lines and router line joined), every metrics line one sample
        #expect(sink.requests.count == 10)
        #expect(sink.rssSamples.count == 33)
        #expect(sink.jobs.count == 14)
        #expect(sink.events.count == 43)
        #expect(sink.skipped.isEmpty)
        let kinds = Dictionary(grouping: sink.events, by: \.kind).mapValues(\.count)
        // Puma's `[2] - Worker 0 (PID: 9) booted` lines are spawn events of their dyno: web.1's two workers, and
        // web.2's two, booted again after its daily cycling
        #expect(
            kinds == [
                "deploy": 1, "release": 1, "restart": 5, "exit": 6, "start": 1, "up": 5, "r14": 10, "h12": 1,
                "scale": 1, "spawn": 6,
                "r10": 1, "kill": 2, "crash": 2, "r15": 1,
            ])
        #expect(
            sink.events.filter { $0.kind == "spawn" }.map { "\($0.host ?? "") \($0.pid ?? 0)" } == [
                "web.1 9", "web.1 13", "web.2 9", "web.2 13", "web.2 9", "web.2 13",
            ])
    }

    @Test func joinsRailsLinesWithTheRouterLineOfTheSameRequestID() throws {
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        let request = try #require(sink.requests.first { $0.requestID == "f602d8bb-eccd-4ab3-98e0-9b6915f5a827" })
        // Rails: Started on line 103, controller, pid, allocations; router: line 108, status, bytes, service
        #expect(request.line == 103)
        #expect(request.lineEnd == 108)
        #expect(request.host == "web.2")
        #expect(request.pid == 9)
        #expect(request.action == "Admin::ReportsController#sales")
        #expect(request.allocations == 314_732)
        #expect(request.method == "GET")
        #expect(request.path == "/admin/reports/sales.csv")
        #expect(request.status == 200)
        #expect(request.bytes == 912_752)
        #expect(request.durationMS == 7938)
        #expect(request.remoteIP == "192.0.2.150")
        #expect(request.tsStart == Timestamp.parseISO("2024-03-12T09:02:57.377Z"))
        #expect(request.tsEnd == Timestamp.parseISO("2024-03-12T09:03:05.315Z"))
        let product = try #require(sink.requests.first { $0.path == "/products/482" })
        #expect(product.endpoint == "/products/:id")
    }

    @Test func routerTimeoutIsARequestAndAnEvent() throws {
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        let timeout = try #require(sink.requests.first { $0.requestID == "386084ba-aef1-4cf8-8d5c-b53db025f939" })
        #expect(timeout.status == 503)
        #expect(timeout.durationMS == 30000)
        #expect(timeout.host == "web.2")
        #expect(timeout.action == nil)
        #expect(timeout.tsStart == Timestamp.parseISO("2024-03-12T09:03:26.311Z"))
        let event = try #require(sink.events.first { $0.kind == "h12" })
        #expect(event.line == 137)
        #expect(event.host == "web.2")
        #expect(event.message == "H12 (Request timeout) GET /admin/reports/sales.csv")
        #expect(event.details?.contains("\"connect_ms\":0,\"service_ms\":30000,\"status\":503") == true)
    }

    @Test func runtimeMetricsKeepRSSSwapAndQuotaInExactKiB() throws {
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        // line 157, 2024-03-12T09:04:17.328972 web.2: total 596.50MB = rss 512.00MB + swap 84.50MB, quota 512.00MB
        let sample = try #require(sink.rssSamples.first { $0.line == 157 })
        #expect(sample.host == "web.2")
        #expect(sample.process == "heroku.187235331.a83e6d0b-94c2-4f1a-8d57-0e6b2c9f1d33")
        #expect(sample.rssKB == 524_288)
        #expect(sample.swapKB == 86_528)
        #expect(sample.limitKB == 524_288)
        #expect(sample.rssKB + (sample.swapKB ?? 0) == 596.5 * 1024)
        #expect(sample.ts == Timestamp.parseISO("2024-03-12T09:04:17.328Z"))
    }

    @Test func r14EventsCarryTheMemoryOfTheProcessRunningLine() throws {
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        let r14 = sink.events.filter { $0.kind == "r14" }
        #expect(r14.map(\.host) == Array(repeating: "web.2", count: 5) + Array(repeating: "worker.1", count: 5))
        #expect(
            r14.first?.details
                == "{\"code\":\"R14\",\"desc\":\"Memory quota exceeded\",\"mem_mb\":524,\"quota_pct\":102.3}")
        let r15 = try #require(sink.events.first { $0.kind == "r15" })
        #expect(r15.details?.contains("\"mem_mb\":2611,\"quota_pct\":510") == true)
        let restartAfterCrash = try #require(sink.events.last { $0.kind == "restart" })
        #expect(restartAfterCrash.host == "worker.1")
        #expect(restartAfterCrash.details?.contains("\"cause\":\"crash\"") == true)
    }

    @Test func releasesDeploysAndScalingAreAppEvents() throws {
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        let deploy = try #require(sink.events.first { $0.kind == "deploy" })
        #expect(deploy.details == "{\"commit\":\"4c1d2e9a\",\"user\":\"dev@example.com\"}")
        #expect(deploy.host == nil)
        let release = try #require(sink.events.first { $0.kind == "release" })
        #expect(release.details == "{\"version\":\"v187\",\"user\":\"dev@example.com\"}")
        let scale = try #require(sink.events.first { $0.kind == "scale" })
        #expect(
            scale.details == "{\"formation\":\"web@3:Standard-1X worker@1:Standard-1X\",\"user\":\"dev@example.com\"}")
    }

    @Test func sidekiqLinesOfTheWorkerDynoBecomeJobsTimedByHeroku() throws {
        let sink = try Fixtures.parse(Self.sample, as: .heroku)
        let first = try #require(sink.jobs.first { $0.jid == "0d50df91fecc6973626da729" })
        #expect(first.host == "worker.1")
        #expect(first.status == "done")
        #expect(first.tsStart == Timestamp.parseISO("2024-03-12T09:02:03.920Z"))
        #expect(first.tsEnd == Timestamp.parseISO("2024-03-12T09:02:44.480Z"))
        #expect(first.durationMS == 361)
        // Killed by R15 before finishing.
        let nightly = try #require(sink.jobs.first { $0.jobClass == "NightlyReportJob" })
        #expect(nightly.status == "running")
    }

    @Test func sidekiqLinesWithTheirOwnTimeInsideTheStreamBecomeJobsTimedBySidekiq() throws {
        // Given Sidekiq 6.5's default formatter on worker.1 (its own time after Heroku's stamp), as `heroku logs
        // --tail` printed it in a recorded incident
        let sink = try parse(
            """
            2026-12-06T17:25:22.117808+00:00 app[worker.1]: 2026-12-06T17:25:22.117Z pid=20034 tid=ff6 class=SettlementExportJob jid=996e0dfb1e7d575ad54bbc9a INFO: start
            2026-12-06T17:25:48.729949+00:00 app[worker.1]: 2026-12-06T17:25:48.729Z pid=20034 tid=ff6 class=SettlementExportJob jid=996e0dfb1e7d575ad54bbc9a elapsed=26.612 INFO: done
            """)

        // Then it is one job of that class on worker.1, timed by Sidekiq's own clock
        let job = try #require(sink.jobs.first)
        #expect(sink.jobs.count == 1)
        #expect(job.jobClass == "SettlementExportJob")
        #expect(job.host == "worker.1")
        #expect(job.status == "done")
        #expect(job.tsStart == Timestamp.parseISO("2026-12-06T17:25:22.117Z"))
        #expect(job.durationMS == 26612)
    }

    @Test func readsLogplexDrainFrames() throws {
        let sink = try Fixtures.parse("heroku/BUILT_FROM_DOCS_runtime_metrics.log", as: .heroku)
        let sample = try #require(sink.rssSamples.first)
        #expect(sample.host == "web.1")
        #expect(sample.rssKB == 184_371.2)
        #expect(sample.limitKB == 524_288)
        #expect(sink.events.map(\.kind) == ["up"])
        #expect(sink.events.first?.host == "web.3")
        // Line 1 is the docs' bare metrics line, without the Heroku prefix.
        #expect(sink.skipped.map(\.line) == [1])
    }

    @Test func readsDrainFramesWhoseOctetCountWasLeftOff() throws {
        // Given a syslog drain's frames starting at their <PRI>, without the octet count
        let file = "verdicts/h25-platform-halvergate-worker-job-leak-beside-web-export-r14/halvergate-drain.log.gz"
        #expect(FormatRegistry.detect(head: try Fixtures.lines(file).prefix(50).map(\.text))?.name == "heroku")
        let sink = try Fixtures.parse(file, as: .heroku)
        // Then every frame is read: the dynos' metrics and the router's requests
        #expect(sink.skipped.isEmpty)
        #expect(sink.rssSamples.count == 15)
        #expect(sink.requests.count == 1114)
        // And the worker's own key=value job lines (`job_class=… status=start|done duration_ms=…`) are its runs
        #expect(sink.jobs.count == 90)
        let rollups = sink.jobs.filter { $0.jobClass == "LoyaltyPointsRollupJob" }
        #expect(rollups.count == 14)
        #expect(rollups.allSatisfy { $0.host == "worker.1" && $0.status == "done" && ($0.durationMS ?? 0) > 0 })
    }

    @Test func routerLineBeforeRailsLinesStillJoins() throws {
        let text = """
            2024-03-12T09:00:01.100000+00:00 heroku[router]: at=info method=GET path="/a/7" host=x.herokuapp.com request_id=r-0001-abcdefghijklmnop dyno=web.1 connect=1ms service=50ms status=200 bytes=10 protocol=https
            2024-03-12T09:00:01.050000+00:00 app[web.1]: [r-0001-abcdefghijklmnop] Started GET "/a/7" for 1.2.3.4 at 2024-03-12 09:00:01 +0000
            2024-03-12T09:00:01.051000+00:00 app[web.1]: [r-0001-abcdefghijklmnop] Processing by AController#show as HTML
            2024-03-12T09:00:01.099000+00:00 app[web.1]: [r-0001-abcdefghijklmnop] Completed 200 OK in 48ms (Views: 1.0ms | ActiveRecord: 2.0ms)
            """
        let sink = try parse(text)
        #expect(sink.requests.count == 1)
        let request = try #require(sink.requests.first)
        #expect(request.line == 1)
        #expect(request.lineEnd == 4)
        #expect(request.action == "AController#show")
        #expect(request.durationMS == 50)
        #expect(request.endpoint == "/a/:id")
    }

    @Test func skipsGarbageAndMalformedRouterLinesButKeepsTheRest() throws {
        let text = """
            2024-03-12T09:00:00+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)
            this is not a heroku line
            2024-03-12T09:00:01+00:00 heroku[router]: garbage without fields
            2024-03-12T09:00:02+00:00 heroku[web.1]: source=web.1 dyno=heroku.1.a sample#memory_total=1.00MB sample#memory_quota=512.00MB

            2024-03-12T09:00:03+00:00 heroku[web.1]: source=web.1 dyno=heroku.1.a sample#load_avg_1m=0.5
            2024-03-12T09:00:04+00:00 heroku[web.1]: Some future platform message
            2024-03-12T09:00:05+00:00 app[web.1]: puma output that is not Rails
            2024-03-12T09:00:06+00:00 heroku[web.1]: Error R14 (Memory quota excee
            """
        let sink = try parse(text + "\r\n")
        #expect(sink.events.map(\.kind) == ["r14", "r14"])
        #expect(sink.events.last?.details == "{\"code\":\"R14\",\"desc\":\"Memory quota excee\"}")
        #expect(sink.skipped.map(\.line) == [2, 3, 4])
        #expect(sink.rssSamples.isEmpty)
    }

    @Test func hostOptionWinsOverTheDyno() throws {
        let text = "2024-03-12T09:00:00+00:00 heroku[web.1]: Error R14 (Memory quota exceeded)"
        let sink = try parse(text, context: ParseContext(sourceName: "t.log", host: "shop"))
        #expect(sink.events.first?.host == "shop")
    }

    @Test func workerKillersOnAppLinesAreEvents() throws {
        let text = """
            2024-03-12T09:00:00.000000+00:00 app[web.1]: [2] PumaWorkerKiller: Out of memory. 2 workers consuming total: 530.5 mb out of max: 512 mb. Sending TERM to pid 13 consuming 260.25 mb.
            2024-03-12T09:00:01.000000+00:00 app[worker.1]: pid=4 tid=abc class=BigJob jid=j1 ERROR: Errno::ENOMEM: Cannot allocate memory - fork(2)
            """
        let sink = try parse(text)
        #expect(sink.events.map(\.kind) == ["worker-killed", "enomem"])
        let killed = try #require(sink.events.first)
        #expect(killed.pid == 13)
        #expect(killed.host == "web.1")
        #expect(killed.process == "puma_worker_killer")
        #expect(
            killed.details
                == "{\"killer\":\"puma_worker_killer\",\"workers\":2,\"total_mb\":530.5,\"max_mb\":512,\"worker_mb\":260.25}"
        )
        #expect(sink.events.last?.pid == 4)
        #expect(sink.events.last?.host == "worker.1")
    }
}
