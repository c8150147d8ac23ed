import Foundation
import GRDB

/// Suspects of kind `endpoint` from per-request RSS lines: requests that raised the process's floor.
extension SuspectBuilder {
    struct EndpointPool {
        var requests = 0
        var retained = 0.0
        var retainedSquares = 0.0
        var retaining = 0
        var positive = 0.0
        var segmentsWith = 0
        var segmentsEnriched = 0
        var worst: [RequestRef] = []
        var perSegment: [Int: Double] = [:]
    }

    /// The growing processes' per-request RSS, pooled by endpoint, with the totals they are judged against.
    struct EndpointTotals {
        var requests = 0
        var retaining = 0
        var retained = 0.0
        var retainedSquares = 0.0
        var pids: [Int] = []
        /// The growing segments with per-request RSS.
        var eligible: [Int] = []
    }

    func endpointSuspects(
        base: Double, explained: inout [Int: Double], ruledOut: inout [RuledOutDraft]
    ) -> [SuspectDraft] {
        let (pools, totals) = endpointPools()
        guard totals.retained > 0, totals.requests > 0 else { return [] }
        let baseRate = Double(totals.retaining) / Double(totals.requests)
        var out: [SuspectDraft] = []
        for (endpoint, pool) in pools.sorted(by: { $0.key < $1.key }) {
            let share = pool.retained / totals.retained
            let requestShare = Double(pool.requests) / Double(totals.requests)
            let enrichment = requestShare > 0 ? share / requestShare : 0
            let countP = BinomialTest.upperTail(k: pool.retaining, n: pool.requests, p: baseRate)
            // When nearly every request raised the floor, counting them cannot tell; what each kept still can, where
            // the processes kept rising (a leak). Where they levelled off or stepped, big amounts kept are what
            // heavy work leaves with the allocator: its high-water mark, not a leak.
            let steady = pool.perSegment.keys.allSatisfy { segments[$0].isOngoingLeak(t) }
            let amountP = steady ? WelchTest.upperTail(pool.moments, over: totals.moments(without: pool)) : 1
            let p = min(countP, amountP)
            let keptShare = pool.positive > 0 ? min(1, pool.retained / pool.positive) : 1
            if keptShare < t.suspectMinKeptShare, pool.positive >= t.suspectMinKB,
                pool.positive >= t.suspectMinShare * totals.retained
            {
                ruledOut.append(givenBackEndpoint(endpoint, pool, keptShare: keptShare))
            }
            guard share >= t.suspectMinShare, pool.retained >= t.suspectMinKB, enrichment >= t.suspectMinEnrichment,
                p < t.alpha, keptShare >= t.suspectMinKeptShare
            else { continue }
            let consistency = Double(pool.segmentsEnriched) / Double(max(pool.segmentsWith, 1))
            let strongTrend = totals.eligible.contains { segments[$0].trend.confidence == "high" }
            let confident =
                consistency >= 0.75 && p < t.alpha / 10 && (totals.eligible.count >= 2 || strongTrend)
                && (enrichment >= t.confidentMinEnrichment || share >= 0.5)
            for (si, kb) in pool.perSegment { explained[si, default: 0] += kb }
            let processes = pool.segmentsWith == 1 ? "1 growing process" : "\(pool.segmentsWith) growing processes"
            var reason =
                "\(endpoint) kept \(formatMB(pool.retained)) of RSS over \(formatCount(pool.requests)) "
                + "requests on \(processes): \(formatPercent(share)) of their kept growth, "
                + String(format: "%.1f", enrichment) + "× its \(formatPercent(requestShare)) share of requests "
                + "(\(significance(pool, totals, countP: countP, amountP: amountP))); it kept "
                + "\(formatPercent(keptShare)) of what its requests grew"
            if !confident {
                let why =
                    consistency >= 0.75
                    ? "its share of the kept growth is small and barely above its share of requests"
                    : "only \(pool.segmentsEnriched) of \(pool.segmentsWith) processes agree"
                reason = "Possibly " + reason + " (\(why))"
            }
            out.append(
                SuspectDraft(
                    kind: .endpoint, name: endpoint, score: score(pool.retained, base, ConfidenceWeight.of(confident)),
                    confident: confident, explainedKB: pool.retained.rounded(), reason: reason,
                    sql: endpointSQL(pids: totals.pids), evidence: endpointEvidence(pool), basis: .rssDelta,
                    segments: pool.perSegment.keys.sorted()))
        }
        return out
    }

    /// Each endpoint's requests on the growing processes with per-request RSS, and the totals over all of them.
    private func endpointPools() -> ([String: EndpointPool], EndpointTotals) {
        var totals = EndpointTotals()
        totals.eligible = segments.indices.filter {
            segments[$0].isGrowing && !segments[$0].divergent && segments[$0].partition != nil
        }
        var pools: [String: EndpointPool] = [:]
        for si in totals.eligible {
            guard let pi = segments[si].partition else { continue }
            let p = partitions[pi]
            totals.requests += p.requests
            totals.retained += p.retainedKB
            totals.retainedSquares += p.retainedSquaresKB
            totals.retaining += p.retaining
            if let pid = p.pid { totals.pids.append(pid) }
            for e in p.endpoints {
                var pool = pools[e.endpoint, default: EndpointPool()]
                pool.requests += e.requests
                pool.retained += e.retainedKB
                pool.retainedSquares += e.retainedSquaresKB
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
        return (pools, totals)
    }

    /// The test that carried the endpoint: the count of its requests that raised the floor, or what they kept each.
    private func significance(_ pool: EndpointPool, _ totals: EndpointTotals, countP: Double, amountP: Double)
        -> String
    {
        guard amountP < countP else { return "binomial \(formatP(countP))" }
        let rest = totals.moments(without: pool)
        return "\(formatKB(pool.moments.mean)) kept per request against \(formatKB(rest.mean)) for the other "
            + "requests, Welch \(formatP(amountP))"
    }

    /// Big deltas given back: a transient, ruled out.
    private func givenBackEndpoint(_ endpoint: String, _ pool: EndpointPool, keptShare: Double) -> RuledOutDraft {
        RuledOutDraft(
            kind: .endpoint, name: endpoint,
            reason: "its \(formatCount(pool.requests)) requests grew RSS by \(formatMB(pool.positive)) "
                + "and gave back \(formatPercent(1 - keptShare)) of it: big deltas, but transient",
            sql: """
                SELECT endpoint, requests, total_delta_kb, retained_kb, given_back_kb FROM endpoint_growth
                WHERE endpoint = \(SQLText.literal(endpoint))
                """)
    }

    /// The requests that kept most, then the trends of its first two segments.
    private func endpointEvidence(_ pool: EndpointPool) -> [EvidenceDraft] {
        let worst = pool.worst.sorted {
            $0.retainedKB > $1.retainedKB
                || ($0.retainedKB == $1.retainedKB && ($0.artifactID, $0.line) < ($1.artifactID, $1.line))
        }
        let evidence = worst.prefix(max(1, t.evidenceRows - 2)).map {
            EvidenceDraft(
                label: "request kept \(formatMB($0.retainedKB))", artifactID: $0.artifactID, line: $0.line,
                lineEnd: nil, ms: $0.ms,
                value: "delta \(formatMB($0.deltaKB)), kept \(formatMB($0.retainedKB))")
        }
        return evidence + trendEvidence(pool.perSegment.keys.sorted().prefix(2).map { $0 })
    }

    private func endpointSQL(pids: [Int]) -> String {
        """
        SELECT endpoint, count(*) AS requests, sum(delta_kb) AS delta_kb, sum(retained_kb) AS kept_kb,
               round(100.0 * sum(retained_kb) / (SELECT sum(retained_kb) FROM v_request_retained
                                                WHERE pid IN \(SQLText.list(pids.sorted()))), 1) AS kept_pct
        FROM v_request_retained WHERE pid IN \(SQLText.list(pids.sorted()))
        GROUP BY endpoint ORDER BY kept_kb DESC
        """
    }
}

extension SuspectBuilder.EndpointPool {
    var moments: WelchTest.Moments { .init(count: requests, sum: retained, squares: retainedSquares) }
}

extension SuspectBuilder.EndpointTotals {
    /// Every other request of the growing processes.
    func moments(without pool: SuspectBuilder.EndpointPool) -> WelchTest.Moments {
        .init(
            count: requests - pool.requests, sum: retained - pool.retained,
            squares: retainedSquares - pool.retainedSquares)
    }
}
