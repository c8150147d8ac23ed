import Foundation
import Testing

@testable import MemlineKit

struct PerformanceLogOnlyTests {
    @Test func performanceLogAloneNamesTheEndpointThatKeepsMemory() throws {
        // Given seed 000's situation: only performance.log lines from three unicorn workers, no RSS samples;
        // /reports/:id keeps 300 KB per request, /exports/:id grows 30 MB and gives it back two requests later
        let incident = try SyntheticIncident()
        for pid in [7551, 7552, 7553] {
            var rows: [(Double, String, Double, Double)] = []
            var rss = 200.0 * 1024
            var held = 0.0
            for i in 0..<900 {
                let kind = (i * 7 + pid) % 10
                var delta = 0.0
                var endpoint = "/users/:id"
                if kind < 3 {
                    endpoint = "/reports/:id"
                    delta = 300
                } else if kind == 9 {
                    endpoint = "/exports/:id"
                    delta = 30 * 1024
                    held += delta
                } else if held > 0 {
                    delta = -held
                    held = 0
                }
                rss += delta
                rows.append((Double(i) * 4, endpoint, delta, rss))
            }
            try incident.requests(rows, pid: pid, file: "performance.log-2017072\(pid % 10)")
        }
        // When analysed
        _ = try Analysis.run(on: incident.db)
        // Then each worker's series (from its logged RSS) leaks and /reports/:id is the only suspect
        let trends = try incident.db.trends()
        #expect(trends.map(\.source) == ["request_memory", "request_memory", "request_memory"])
        #expect(trends.allSatisfy { $0.kind == "leak" })
        let suspects = try incident.db.suspects()
        #expect(suspects.map(\.name) == ["/reports/:id"])
        #expect(suspects.first?.isConfident == true)
        let evidence = try incident.db.evidence(forSuspect: 1)
        #expect(evidence.first?.file?.hasPrefix("performance.log-2017072") == true)
    }
}
