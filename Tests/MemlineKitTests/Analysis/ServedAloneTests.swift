import Foundation
import Testing

@testable import MemlineKit

/// Work only the leaking worker ran, while its siblings did not grow (`SuspectBuilder+ServedAlone`).
struct ServedAloneTests {
    /// Three workers of one role sampled every 10 s for 20 minutes: pid 101 leaks 20 KiB/s, the others stay flat.
    /// Every worker runs MailerJob every 5 s; TenantSyncJob runs every 5 s too, on the pids given.
    static func incident(syncOn syncPids: Set<Int>) throws -> SyntheticIncident {
        let incident = try SyntheticIncident()
        for pid in [101, 102, 103] {
            let leak = pid == 101 ? 20.0 : 0
            let values = (0..<120).map { i -> (Double, Double) in
                let t = Double(i) * 10
                let noise: Double = 200 * SyntheticIncident.noise(i, seed: pid)
                return (t, 150 * 1024 + leak * t + noise)
            }
            try incident.samples(values, pid: pid, process: "sidekiq", file: "pidstat-\(pid).txt")
            var runs: [(Double, Double, String)] = []
            for i in 0..<240 {
                let t = Double(i) * 5
                runs.append((t, t + 0.4, "MailerJob"))
                if syncPids.contains(pid) { runs.append((t + 2, t + 2.8, "TenantSyncJob")) }
            }
            try incident.jobs(runs, pid: pid, file: "sidekiq-\(pid).log")
        }
        return incident
    }

    @Test func aJobOnlyTheDivergentWorkerRanIsNamedHedgedWithWhoRanIt() throws {
        // Given TenantSyncJob runs on the leaking worker only, all along (timing cannot single it out)
        let incident = try Self.incident(syncOn: [101])
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then the divergent worker is named with the work its siblings did not get, and that job is named, hedged,
        // saying who ran it
        let suspects = try incident.db.suspects()
        #expect(suspects.count == 2)
        let worker = try #require(suspects.first)
        #expect(worker.kind == "process")
        #expect(worker.reason.hasSuffix("it ran work its siblings did not: job TenantSyncJob"))
        let job = try #require(suspects.last)
        #expect(job.kind == "job_class" && job.name == "TenantSyncJob" && job.confidence == "hedged")
        #expect(job.reason.contains("only sidekiq pid 101 on h1 ran runs of TenantSyncJob (240 of its 480 runs; 0 of"))
    }

    @Test func aJobItsSiblingsRanTooIsNotNamedForWhoRanIt() throws {
        // Given TenantSyncJob runs on a sibling that stays flat as well
        let incident = try Self.incident(syncOn: [101, 102])
        _ = try Analysis.run(on: incident.db)
        // Then nothing is named for having been run only there
        #expect(try incident.db.suspects().allSatisfy { !$0.reason.contains("ran runs of") })
    }
}
