import Foundation
import Testing

@testable import MemlineKit

/// Recycled processes (a maximum of requests per process): each short life is a trial.
struct LifeCountTests {
    /// Sixteen 20-second lives of 40 requests each, one after another; life i serves `holds(i)` hold-queue requests
    /// that keep `keptPerHold` KiB each, and every third life one to three exports whose first raises RSS by 40 MB.
    private func recycled(keptPerHold: Double) throws -> SyntheticIncident {
        let incident = try SyntheticIncident()
        for i in 0..<16 {
            let start = Double(i) * 20
            let holds = 4 + (i * 7) % 11
            let exports = i % 3 == 0 ? 1 + i % 3 + (i / 3) % 3 : 0
            var requests: [(Double, String)] = []
            for k in 0..<40 {
                let endpoint =
                    (k * holds) % 40 < holds
                    ? "/holds/:id/queue"
                    : k % 10 == 5 && k / 10 < exports
                        ? "/reports/circulation.csv" : "/books/:id"
                requests.append((start + 0.45 * Double(k), endpoint))
            }
            let samples: [(Double, Double)] = (0..<10).map { j in
                let t: Double = start + 1 + 2 * Double(j)
                let done = requests.filter { $0.0 <= t }
                let kept: Double = keptPerHold * Double(done.filter { $0.1 == "/holds/:id/queue" }.count)
                let export: Double = done.contains { $0.1 == "/reports/circulation.csv" } ? 40_000 : 0
                return (t, 20_000 + kept + export + 100 * SyntheticIncident.noise(j, seed: i))
            }
            try incident.samples(samples, pid: 100 + i, process: "worker", file: "ps-\(i).log")
            try incident.loggedRequests(requests, pid: 100 + i, file: "production-\(i).log")
        }
        _ = try Analysis.run(on: incident.db)
        return incident
    }

    @Test func theEndpointWhoseCountFollowsWhatEachLifeKeptIsNamedAndTheHighWaterMarkIsNot() throws {
        // Given recycled lives where each hold-queue request keeps 1 MB, and an export that raises RSS once a life
        let incident = try recycled(keptPerHold: 1024)
        // Then the hold queue is named, possibly, with what each request kept; the export is not
        let suspects = try incident.db.suspects()
        let holds = try #require(suspects.first { $0.name == "/holds/:id/queue" })
        #expect(!holds.isConfident)
        #expect(holds.reason.contains("across") && holds.reason.contains("lives of worker"))
        #expect(holds.reason.contains("high-water mark"))
        #expect(!suspects.contains { $0.name == "/reports/circulation.csv" })
    }

    @Test func livesThatKeepNothingPerRequestNameNoEndpoint() throws {
        // Given the same lives, but the hold-queue requests keep nothing
        let incident = try recycled(keptPerHold: 0)
        // Then no endpoint is named for what the lives kept
        #expect(try incident.db.suspects().contains { $0.kind == "endpoint" } == false)
    }
}
