import GRDB

/// Correlates every spike and every growing segment with the requests and jobs of the same process.
///
/// Writes `window_counts` (each spike's rise window, and each leak or step segment, against equal windows before
/// and after), `job_overlaps` (growing segments, and spikes that did not recover or crossed the limit) and
/// `endpoint_growth` (per-request RSS deltas of the processes that logged them). A process whose logs hold requests
/// with a start and an end but no per-request RSS gets the job overlap treatment for its requests in flight, per
/// endpoint (kept in memory for the suspects only). Then `GroupCorrelator` compares the
/// same windows with heap diff groups, heap profile functions and Erlang process growth.
enum Correlator {
    static func run(
        _ db: Database, segments: [AnalyzedSegment], partitions: [RequestPartition], thresholds t: AnalysisThresholds
    ) throws -> CorrelationResults {
        var results = CorrelationResults()
        var counter = WindowCounter(db: db)
        var overlapAnalyzer = JobOverlapAnalyzer(db: db)
        var scopes = ScopeResolver(db: db)
        let hasJobs = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs)") ?? false
        for (si, a) in segments.enumerated() {
            let requestScope = try scopes.scope(for: a.series, tables: ["requests", "request_memory"])
            let jobScope = hasJobs ? try scopes.scope(for: a.series, tables: ["jobs"]) : nil
            // Requests in flight stand in for per-request RSS only where there is none.
            var inFlightScope: CorrelationScope?
            if a.partition == nil, let requestScope, try counter.requestTable(requestScope)?.table == "requests" {
                inFlightScope = requestScope
            }
            for (ki, spike) in a.spikes.enumerated() {
                let key = CorrelationResults.SpikeKey(segment: si, spike: ki)
                var counts: [WindowCount] = []
                if let requestScope {
                    counts += try counter.counts(
                        itemKind: "endpoint", scope: requestScope, startMS: spike.start.ms,
                        endMS: spike.peak.ms + a.segment.resolutionMS)
                }
                if let jobScope {
                    counts += try counter.counts(
                        itemKind: "job_class", scope: jobScope, startMS: spike.start.ms,
                        endMS: spike.peak.ms + a.segment.resolutionMS)
                }
                for c in counts { try AnalysisWriter.insertWindowCount(db, subject: "spike", id: a.spikeIDs[ki], c) }
                results.spikeWindows[key] = counts
                if let jobScope, spike.end == nil || spike.crossedLimit {
                    let stretch = a.segment.samples.filter { $0.ms >= spike.start.ms && $0.ms <= spike.peak.ms }
                    let overlaps = try overlapAnalyzer.analyze(
                        scope: jobScope, samples: stretch, values: stretch.map(\.rssKB),
                        resolutionMS: a.segment.resolutionMS, thresholds: t)
                    for o in overlaps {
                        try AnalysisWriter.insertJobOverlap(db, subject: "spike", id: a.spikeIDs[ki], o)
                    }
                    results.spikeJobs[key] = overlaps
                }
                if let inFlightScope, spike.end == nil || spike.crossedLimit {
                    let stretch = a.segment.samples.filter { $0.ms >= spike.start.ms && $0.ms <= spike.peak.ms }
                    results.spikeRequests[key] = try overlapAnalyzer.analyze(
                        scope: inFlightScope, samples: stretch, values: stretch.map(\.rssKB),
                        resolutionMS: a.segment.resolutionMS, thresholds: t, source: .requests)
                }
            }
            guard a.isGrowing else { continue }
            var counts: [WindowCount] = []
            if let requestScope {
                counts += try counter.counts(
                    itemKind: "endpoint", scope: requestScope, startMS: a.segment.startMS, endMS: a.segment.endMS)
            }
            if let jobScope {
                counts += try counter.counts(
                    itemKind: "job_class", scope: jobScope, startMS: a.segment.startMS, endMS: a.segment.endMS)
            }
            for c in counts where c.outsideSeconds > 0 {
                try AnalysisWriter.insertWindowCount(db, subject: "trend", id: a.trendID, c)
            }
            results.trendWindows[si] = counts.filter { $0.outsideSeconds > 0 }
            if let jobScope {
                let overlaps = try overlapAnalyzer.analyze(
                    scope: jobScope, samples: a.segment.samples, values: a.segment.floor,
                    resolutionMS: a.segment.resolutionMS, thresholds: t)
                for o in overlaps { try AnalysisWriter.insertJobOverlap(db, subject: "trend", id: a.trendID, o) }
                results.trendJobs[si] = overlaps
            }
            if let inFlightScope {
                results.trendRequests[si] = try overlapAnalyzer.analyze(
                    scope: inFlightScope, samples: a.segment.samples, values: a.segment.floor,
                    resolutionMS: a.segment.resolutionMS, thresholds: t, source: .requests)
            }
        }
        for a in segments {
            guard let pi = a.partition else { continue }
            let p = partitions[pi]
            let base = p.requests > 0 ? Double(p.retaining) / Double(p.requests) : 0
            for e in p.endpoints {
                let pValue = BinomialTest.upperTail(k: e.retaining, n: e.requests, p: base)
                try AnalysisWriter.insertEndpointGrowth(db, trendID: a.trendID, partition: p, e, pValue: pValue)
            }
        }
        try GroupCorrelator.correlate(db, segments: segments, into: &results)
        return results
    }
}
