import Foundation
import GRDB
import Testing

@testable import MemlineKit

/// The recorded incidents in Fixtures/incidents (a unicorn-like app, a Sidekiq-like worker and pidstat, recorded by
/// record.sh on Debian 12): each plants one culprit next to a red herring, /exports/:id.csv, whose requests grow RSS
/// by 40 MB each and give it all back.
struct RecordedIncidentTests {
    @Test func leakingEndpointIsNamedFirstAndTheRedHerringIsNot() throws {
        // Given the recording where /reports/:id keeps 200 KB per request
        let db = try IncidentFixture.database("leak")
        // When analysed
        _ = try Analysis.run(on: db)
        // Then every worker leaks, the master and Sidekiq do not
        let trends = try db.trends()
        #expect(trends.filter { $0.process == "unicorn_worker" }.allSatisfy { $0.kind == "leak" })
        #expect(trends.filter { $0.process != "unicorn_worker" }.allSatisfy { $0.kind == "flat" })
        // And /reports/:id is the first suspect, with the figures in its reason; hedged, since in a
        // garbage-collected runtime a per-request RSS delta says when the heap grew, not what it kept, and no heap
        // snapshot corroborates it
        let suspects = try db.suspects()
        let first = try #require(suspects.first)
        #expect(first.kind == "endpoint")
        #expect(first.name == "/reports/:id")
        #expect(!first.isConfident)
        #expect(first.reason.contains("of their kept growth"))
        // And the endpoint with the biggest single deltas is not ranked above it (here: not named at all)
        let biggest = try db.query(
            sql: "SELECT endpoint FROM request_memory ORDER BY delta_kb DESC, id LIMIT 1")
        #expect(biggest.rows.first?.first == .text("/exports/:id.csv"))
        let herring = suspects.firstIndex { $0.name == "/exports/:id.csv" }
        #expect(herring == nil || herring ?? 0 > 0)
        // Because it gave back almost everything its requests grew
        let givenBack = try db.query(
            sql: """
                SELECT sum(given_back_kb) * 1.0 / sum(max(total_delta_kb, 0) + 0.0) FROM endpoint_growth
                WHERE endpoint = '/exports/:id.csv'
                """)
        if case .real(let share) = givenBack.rows.first?.first {
            #expect(share > 0.9)
        } else {
            Issue.record("no share")
        }
    }

    @Test func workerWithGCDisabledIsNamedAsTheDivergentSibling() throws {
        // Given the recording where worker 1 runs with GC.disable and is restarted by a worker killer at 700 MB
        let db = try IncidentFixture.database("gc")
        _ = try Analysis.run(on: db)
        // Then its two pids leak and diverge from their siblings, which are collected (sawtooth)
        let workers = try db.trends().filter { $0.process == "unicorn_worker" }
        let divergent = workers.filter(\.divergent)
        #expect(divergent.count == 2)
        #expect(divergent.allSatisfy { $0.kind == "leak" })
        #expect(workers.filter { !$0.divergent }.allSatisfy { $0.kind == "sawtooth" })
        // And the first suspect is that process, named by both pids, and no endpoint is blamed for its growth
        let suspects = try db.suspects()
        let first = try #require(suspects.first)
        #expect(first.kind == "process")
        for pid in divergent.compactMap(\.pid) { #expect(first.name.contains(String(pid))) }
        #expect(first.isConfident)
        #expect(!suspects.contains { $0.kind == "endpoint" })
        // And its evidence points at pidstat lines
        let evidence = try db.evidence(forSuspect: first.id)
        #expect(evidence.contains { $0.file == "pidstat.txt.gz" && $0.line != nil })
    }

    @Test func jobLoadingABigResultSetIsNamedForTheSidekiqStep() throws {
        // Given the recording where NightlyReportJob loads 400k rows twice
        let db = try IncidentFixture.database("job")
        _ = try Analysis.run(on: db)
        // Then the Sidekiq process steps up and the web workers do not grow
        let trends = try db.trends()
        #expect(trends.first { $0.process == "sidekiq" }?.kind == "step")
        #expect(trends.filter { $0.process == "unicorn_worker" }.allSatisfy { $0.kind == "sawtooth" })
        // And the job class is the first suspect, with its runs in the job log as evidence
        let first = try #require(try db.suspects().first)
        #expect(first.kind == "job_class")
        #expect(first.name == "NightlyReportJob")
        let evidence = try db.evidence(forSuspect: first.id)
        #expect(evidence.filter { $0.file == "sidekiq.log.gz" && $0.lineEnd != nil }.count == 2)
        // And its SQL runs and lists both runs
        let rows = try db.query(sql: first.sql)
        #expect(rows.rows.count == 2)
    }

    @Test func healthyRecordingNamesNobody() throws {
        // Given the recording with the red herring but no leak, no GC.disable and no big job
        let db = try IncidentFixture.database("healthy")
        let summary = try Analysis.run(on: db)
        // Then spikes are found, all recovered but for one the recording stopped inside of (the per-request RSS
        // line of the last /exports request was written 0.6 s before the end), and there is no suspect
        #expect(summary.spikes > 0)
        let lastSample = try #require(try db.query(sql: "SELECT max(ts) FROM rss_samples").rows.first?.first?.display)
        for spike in try db.spikes() where !spike.recovered {
            let peak = try #require(Timestamp.parseISO(spike.tsPeak))
            let end = try #require(Timestamp.parseISO(lastSample))
            #expect(end.milliseconds - peak.milliseconds < 2_000, "unrecovered spike \(spike.id) well before the end")
        }
        #expect(try db.suspects().isEmpty)
        #expect(try db.trends().allSatisfy { $0.kind == "sawtooth" || $0.kind == "flat" })
    }

    @Test func retainedViewReproducesTheStoredEndpointFigures() throws {
        // Given the analysed leak recording
        let db = try IncidentFixture.database("leak")
        _ = try Analysis.run(on: db)
        // When the stored per-endpoint kept memory is compared with the SQL view that documents it
        let stored = try db.query(
            sql: """
                SELECT t.pid, g.endpoint, g.retained_kb FROM endpoint_growth g JOIN trends t ON t.id = g.trend_id
                ORDER BY t.pid, g.endpoint
                """)
        let view = try db.query(
            sql:
                "SELECT pid, endpoint, sum(retained_kb) FROM v_request_retained GROUP BY pid, endpoint ORDER BY pid, endpoint"
        )
        // Then they agree row for row
        #expect(stored.rows.count == 20)
        #expect(stored == QueryResult(columns: stored.columns, rows: view.rows))
        // And the typed fetch the report uses returns the same rows
        let typed = try db.endpointGrowth()
        #expect(typed.count == 20)
        #expect(typed.first { $0.endpoint == "/exports/:id.csv" }.map { $0.givenBackKB > $0.retainedKB } == true)
        // And the first suspect's SQL runs and ranks its endpoint first
        let first = try #require(try db.suspects().first)
        #expect(try db.query(sql: first.sql).rows.first?.first == .text("/reports/:id"))
    }

    @Test func analysisIsDeterministicByteForByte() throws {
        // Given the same recording loaded twice, and analysed twice in one of them
        let a = try IncidentFixture.database("job")
        let b = try IncidentFixture.database("job")
        _ = try Analysis.run(on: a)
        let first = try dump(a)
        _ = try Analysis.run(on: a)
        _ = try Analysis.run(on: b)
        // Then every analysis table is identical
        #expect(try dump(a) == first)
        #expect(try dump(b) == first)
        #expect(first.contains("NightlyReportJob"))
    }

    @Test func endpointWithoutPerRequestRSSIsNamedByItsRequestsInFlight() throws {
        // Given the recording where POST /imports/:id keeps 12 MB per request and the workers log plain Rails
        // request lines (no RSS), next to /exports/:id.csv's 40 MB transients
        let db = try IncidentFixture.database("import")
        #expect(try db.query(sql: "SELECT count(*) FROM request_memory").rows.first?.first == .integer(0))
        _ = try Analysis.run(on: db)
        // Then the workers grow (leak or step) and the master and Sidekiq do not
        let trends = try db.trends()
        let workers = trends.filter { $0.process == "unicorn_worker" }
        #expect(workers.count == 4)
        #expect(workers.allSatisfy { $0.kind == "leak" || $0.kind == "step" })
        #expect(trends.filter { $0.process != "unicorn_worker" }.allSatisfy { $0.kind == "flat" })
        // And /imports/:id is the first suspect, by the requests in flight during the rises, saying it is timing
        let suspects = try db.suspects()
        let first = try #require(suspects.first)
        #expect(first.kind == "endpoint")
        #expect(first.name == "/imports/:id")
        #expect(first.reason.contains("in flight"))
        #expect(first.reason.contains("not measured growth"))
        // And the transient /exports/:id.csv is not named
        #expect(!suspects.contains { $0.name == "/exports/:id.csv" })
        // And its evidence rows point at the Rails log lines of import requests
        let evidence = try db.evidence(forSuspect: first.id)
        #expect(evidence.contains { $0.label == "request to /imports/:id" && $0.file == "production.log.gz" })
    }

    @Test func workerBudgetFromSteadyStateAndMachineMemory() throws {
        // Given the healthy recording and an 8 GiB machine
        let db = try IncidentFixture.database("healthy")
        var t = AnalysisThresholds()
        t.memoryKB = 8 * 1024 * 1024
        _ = try Analysis.run(on: db, thresholds: t)
        // Then the unicorn workers get a budget: 90% of 8 GiB less the master and Sidekiq, over a worker's peak
        let budget = try #require(try db.workerBudgets().first { $0.role == "vm/unicorn_worker" })
        #expect(budget.workersSeen == 4)
        #expect(budget.memorySource == "--memory")
        let expected = Int(((8 * 1024 * 1024 * 0.9) - budget.othersKB) / budget.peakRSSKB)
        #expect(budget.workersFit == expected)
        #expect(budget.othersKB > 20_000 && budget.othersKB < 30_000)  // master ~11 MB + Sidekiq ~14 MB
        // And the thresholds are recorded with the results
        #expect(try db.analysisThresholds() == t)
    }

    private func dump(_ db: MemlineDatabase) throws -> String {
        var out = ""
        for table in AnalysisWriter.tables.sorted() {
            out += "## \(table)\n" + (try db.query(sql: "SELECT * FROM \(table) ORDER BY id").rendered(as: .csv))
        }
        return out
    }
}
