import Foundation
import GRDB

/// Suspects of kind `endpoint` from per-request RSS lines: requests that raised the process's floor.
extension SuspectBuilder {
    struct EndpointPool {
        var requests = 0
        var retained = 0.0
        var retaining = 0
        var positive = 0.0
        var segmentsWith = 0
        var segmentsEnriched = 0
        var worst: [RequestRef] = []
        var perSegment: [Int: Double] = [:]
    }

    func endpointSuspects(
        base: Double, explained: inout [Int: Double], ruledOut: inout [RuledOutDraft]
    ) -> [SuspectDraft] {
        let eligible = segments.indices.filter {
            segments[$0].isGrowing && !segments[$0].divergent && segments[$0].partition != nil
        }
        var pools: [String: EndpointPool] = [:]
        var totalRequests = 0
        var totalRetaining = 0
        var totalRetained = 0.0
        var pids: [Int] = []
        for si in eligible {
            guard let pi = segments[si].partition else { continue }
            let p = partitions[pi]
            totalRequests += p.requests
            totalRetained += p.retainedKB
            totalRetaining += p.retaining
            if let pid = p.pid { pids.append(pid) }
            for e in p.endpoints {
                var pool = pools[e.endpoint, default: EndpointPool()]
                pool.requests += e.requests
                pool.retained += e.retainedKB
                pool.retaining += e.retaining
                pool.positive += e.positiveDeltaKB
                pool.segmentsWith += 1
                let share = p.retainedKB > 0 ? e.retainedKB / p.retainedKB : 0
                if share >= Double(e.requests) / Double(max(p.requests, 1)) { pool.segmentsEnriched += 1 }
                pool.worst += e.worstRetained
                pool.perSegment[si] = e.retainedKB
                pools[e.endpoint] = pool
            }
        }
        guard totalRetained > 0, totalRequests > 0 else { return [] }
        let baseRate = Double(totalRetaining) / Double(totalRequests)
        var out: [SuspectDraft] = []
        for (endpoint, pool) in pools.sorted(by: { $0.key < $1.key }) {
            let share = pool.retained / totalRetained
            let requestShare = Double(pool.requests) / Double(totalRequests)
            let enrichment = requestShare > 0 ? share / requestShare : 0
            let p = BinomialTest.upperTail(k: pool.retaining, n: pool.requests, p: baseRate)
            let keptShare = pool.positive > 0 ? min(1, pool.retained / pool.positive) : 1
            if keptShare < t.suspectMinKeptShare, pool.positive >= t.suspectMinKB,
                pool.positive >= t.suspectMinShare * totalRetained
            {
                ruledOut.append(
                    RuledOutDraft(
                        kind: .endpoint, name: endpoint,
                        reason: "its \(formatCount(pool.requests)) requests grew RSS by \(formatMB(pool.positive)) "
                            + "and gave back \(formatPercent(1 - keptShare)) of it: big deltas, but transient",
                        sql: """
                            SELECT endpoint, requests, total_delta_kb, retained_kb, given_back_kb FROM endpoint_growth
                            WHERE endpoint = \(SQLText.literal(endpoint))
                            """))
            }
            guard share >= t.suspectMinShare, pool.retained >= t.suspectMinKB, enrichment >= t.suspectMinEnrichment,
                p < t.alpha, keptShare >= t.suspectMinKeptShare
            else { continue }
            let consistency = Double(pool.segmentsEnriched) / Double(max(pool.segmentsWith, 1))
            let strongTrend = eligible.contains { segments[$0].trend.confidence == "high" }
            let confident =
                consistency >= 0.75 && p < t.alpha / 10 && (eligible.count >= 2 || strongTrend)
                && (enrichment >= t.confidentMinEnrichment || share >= 0.5)
            for (si, kb) in pool.perSegment { explained[si, default: 0] += kb }
            let processes = pool.segmentsWith == 1 ? "1 growing process" : "\(pool.segmentsWith) growing processes"
            var reason =
                "\(endpoint) kept \(formatMB(pool.retained)) of RSS over \(formatCount(pool.requests)) "
                + "requests on \(processes): \(formatPercent(share)) of their kept growth, "
                + String(format: "%.1f", enrichment) + "× its \(formatPercent(requestShare)) share of requests "
                + "(binomial \(formatP(p))); it kept \(formatPercent(keptShare)) of what its requests grew"
            if !confident {
                let why =
                    consistency >= 0.75
                    ? "its share of the kept growth is small and barely above its share of requests"
                    : "only \(pool.segmentsEnriched) of \(pool.segmentsWith) processes agree"
                reason = "Possibly " + reason + " (\(why))"
            }
            let worst = pool.worst.sorted {
                $0.retainedKB > $1.retainedKB
                    || ($0.retainedKB == $1.retainedKB && ($0.artifactID, $0.line) < ($1.artifactID, $1.line))
            }
            var evidence = worst.prefix(max(1, t.evidenceRows - 2)).map {
                EvidenceDraft(
                    label: "request kept \(formatMB($0.retainedKB))", artifactID: $0.artifactID, line: $0.line,
                    lineEnd: nil, ms: $0.ms,
                    value: "delta \(formatMB($0.deltaKB)), kept \(formatMB($0.retainedKB))")
            }
            evidence += trendEvidence(pool.perSegment.keys.sorted().prefix(2).map { $0 })
            let sql = """
                SELECT endpoint, count(*) AS requests, sum(delta_kb) AS delta_kb, sum(retained_kb) AS kept_kb,
                       round(100.0 * sum(retained_kb) / (SELECT sum(retained_kb) FROM v_request_retained
                                                        WHERE pid IN \(SQLText.list(pids.sorted()))), 1) AS kept_pct
                FROM v_request_retained WHERE pid IN \(SQLText.list(pids.sorted()))
                GROUP BY endpoint ORDER BY kept_kb DESC
                """
            out.append(
                SuspectDraft(
                    kind: .endpoint, name: endpoint, score: score(pool.retained, base, ConfidenceWeight.of(confident)),
                    confident: confident, explainedKB: pool.retained.rounded(), reason: reason, sql: sql,
                    evidence: evidence, basis: .rssDelta, segments: pool.perSegment.keys.sorted()))
        }
        return out
    }
}
