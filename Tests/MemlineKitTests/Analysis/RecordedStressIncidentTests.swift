import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// Recorded incidents (Fixtures/incidents, record.sh) that stress the analysis beyond one planted culprit: two
/// causes at once (`mixed`), and a healthy app whose worker killer restarts the workers at a low limit (`killer`).
struct RecordedStressIncidentTests {
    @Test func twoCausesAtOnceNameTheLeakingEndpointAndTheJobThatKeptItsRows() throws {
        // Given the recording where /reports/:id keeps 80 KB per request and WarehouseSyncJob, run once, keeps 300k
        // rows in Sidekiq, next to /exports/:id.csv's 40 MB transients
        let db = try IncidentFixture.database("mixed")
        _ = try Analysis.run(on: db)
        // Then every worker leaks, Sidekiq steps up and the master stays flat
        let trends = try db.trends()
        let workers = trends.filter { $0.process == "unicorn_worker" }
        #expect(workers.count == 4)
        #expect(workers.allSatisfy { $0.kind == "leak" })
        #expect(trends.first { $0.process == "sidekiq" }?.kind == "step")
        #expect(trends.first { $0.process == "unicorn_master" }?.kind == "flat")
        // And the endpoint is the first suspect for the workers, hedged: in a garbage-collected runtime a
        // per-request RSS delta says when the heap grew, not what it kept, and no heap snapshot corroborates it
        let suspects = try db.suspects()
        let first = try #require(suspects.first)
        #expect(first.kind == "endpoint")
        #expect(first.name == "/reports/:id")
        #expect(!first.isConfident)
        #expect(first.reason.contains("a per-request RSS delta says when the heap grew"))
        // And the job class is named for Sidekiq's step (hedged: one run cannot pass the binomial test), with
        // its run in the job log as evidence and the class name as written
        let job = try #require(suspects.first { $0.kind == "job_class" })
        #expect(job.name == "WarehouseSyncJob")
        #expect(!job.isConfident)
        #expect(job.reason.hasPrefix("Possibly WarehouseSyncJob was running"))
        #expect(job.reason.contains("one-off load"))
        let evidence = try db.evidence(forSuspect: job.id)
        #expect(evidence.filter { $0.file == "sidekiq.log.gz" && $0.lineEnd != nil }.count == 1)
        #expect(try db.query(sql: job.sql).rows.count == 1)
        // And neither the red herring nor "Sidekiq itself" is named: the job explains its growth
        #expect(!suspects.contains { $0.name == "/exports/:id.csv" })
        #expect(!suspects.contains { $0.kind == "process" })
        #expect(suspects.count == 2)
    }

    @Test func aOneOffJobNeedsMostOfTheRiseInAFewRunsToBeNamedWithoutTheBinomialTest() throws {
        // Given the mixed recording analysed with the one-off rule out of reach
        let db = try IncidentFixture.database("mixed")
        var t = AnalysisThresholds()
        t.oneOffMinShare = 1.01
        _ = try Analysis.run(on: db, thresholds: t)
        // Then the single run does not pass alone, and Sidekiq is left as a growth nothing explains
        let suspects = try db.suspects()
        #expect(!suspects.contains { $0.kind == "job_class" })
        #expect(suspects.contains { $0.kind == "process" && $0.name.hasPrefix("sidekiq") && !$0.isConfident })
    }

    @Test func workerKillerAtALowLimitIsNoLeakAndNamesNobody() throws {
        // Given the healthy recording whose worker killer checks every 16 requests against a 32–48 MB limit, so
        // workers die right after /exports/:id.csv's 40 MB transients and the master forks new pids
        let db = try IncidentFixture.database("killer")
        let summary = try Analysis.run(on: db)
        let workers = try db.trends().filter { $0.process == "unicorn_worker" }
        // Then every worker pid is a segment of its own, started by its pid (restarts segment the series)
        let pids = try db.query(
            sql: "SELECT count(DISTINCT pid) FROM rss_samples WHERE process = 'unicorn_worker'")
        guard case .integer(let distinct) = try #require(pids.rows.first?.first) else {
            Issue.record("no pid count")
            return
        }
        let pidCount = Int(distinct)
        #expect(pidCount >= 20)
        #expect(workers.count == pidCount)
        #expect(Set(workers.compactMap(\.pid)).count == workers.count)
        #expect(workers.allSatisfy { $0.startedBy == "pid \($0.pid ?? 0) first seen" })
        // And none of those short lives is called growth, so nothing is divergent and nobody is named
        #expect(workers.allSatisfy { $0.kind == "sawtooth" || $0.kind == "flat" || $0.kind == "short" })
        #expect(workers.allSatisfy { !$0.divergent })
        #expect(try db.suspects().isEmpty)
        // And the transients the killer cut short are reported as unrecovered spikes, each peaking in the last
        // seconds of its process
        #expect(summary.unrecoveredSpikes > 0)
        let ends = Dictionary(uniqueKeysWithValues: workers.map { ($0.id, $0.tsEnd) })
        for spike in try db.spikes() where !spike.recovered && spike.process == "unicorn_worker" {
            let peak = try #require(Timestamp.parseISO(spike.tsPeak))
            let end = try #require(ends[spike.trendID].flatMap { Timestamp.parseISO($0) })
            #expect(end.milliseconds - peak.milliseconds <= 3_000, "spike \(spike.id) held long before the end")
        }
    }

    @Test func withoutTheSettleTimeTheKillersVictimsWouldPoseAsGrowth() throws {
        // Given the killer recording analysed with growth measured only to the lowest RSS of the last 10%
        let db = try IncidentFixture.database("killer")
        var t = AnalysisThresholds()
        t.settleSeconds = 0
        _ = try Analysis.run(on: db, thresholds: t)
        // Then workers killed while holding a transient keep it as "growth": the false positive the rule prevents
        let workers = try db.trends().filter { $0.process == "unicorn_worker" }
        #expect(workers.contains { $0.kind == "step" || $0.kind == "leak" })
        #expect(!(try db.suspects().isEmpty))
    }
}
