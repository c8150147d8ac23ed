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
        var pass = try Pass(db: db, thresholds: t)
        for (si, a) in segments.enumerated() {
            let scopes = try pass.scopes(of: a)
            for ki in a.spikes.indices {
                try pass.correlateSpike(CorrelationResults.SpikeKey(segment: si, spike: ki), of: a, scopes)
            }
            if a.isGrowing { try pass.correlateGrowth(segment: si, a, scopes) }
        }
        try writeEndpointGrowth(db, segments: segments, partitions: partitions)
        try GroupCorrelator.correlate(db, segments: segments, into: &pass.results)
        return pass.results
    }

    /// Where a segment's requests and jobs are looked up.
    private struct Scopes {
        var requests: CorrelationScope?
        var jobs: CorrelationScope?
        /// Requests in flight stand in for per-request RSS only where there is none.
        var inFlight: CorrelationScope?
    }

    /// The correlation of every segment in turn, writing as it goes and keeping the results.
    private struct Pass {
        let db: Database
        let t: AnalysisThresholds
        var results = CorrelationResults()
        var counter: WindowCounter
        var overlapAnalyzer: JobOverlapAnalyzer
        var scopes: ScopeResolver
        let hasJobs: Bool

        init(db: Database, thresholds: AnalysisThresholds) throws {
            self.db = db
            t = thresholds
            counter = WindowCounter(db: db)
            overlapAnalyzer = JobOverlapAnalyzer(db: db)
            scopes = ScopeResolver(db: db)
            hasJobs = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM jobs)") ?? false
        }

        mutating func scopes(of a: AnalyzedSegment) throws -> Scopes {
            let requestScope = try scopes.scope(for: a.series, tables: ["requests", "request_memory"])
            let jobScope = hasJobs ? try scopes.scope(for: a.series, tables: ["jobs"]) : nil
            var inFlightScope: CorrelationScope?
            if a.partition == nil, let requestScope, try counter.requestTable(requestScope)?.table == "requests" {
                inFlightScope = requestScope
            }
            return Scopes(requests: requestScope, jobs: jobScope, inFlight: inFlightScope)
        }

        /// Endpoints and job classes counted in the window against equal windows before and after.
        mutating func windowCounts(_ scopes: Scopes, startMS: Int64, endMS: Int64) throws -> [WindowCount] {
            var counts: [WindowCount] = []
            if let requestScope = scopes.requests {
                counts += try counter.counts(itemKind: "endpoint", scope: requestScope, startMS: startMS, endMS: endMS)
            }
            if let jobScope = scopes.jobs {
                counts += try counter.counts(itemKind: "job_class", scope: jobScope, startMS: startMS, endMS: endMS)
            }
            return counts
        }

        /// A spike's rise window; and, when it did not recover or crossed the limit, the jobs and requests in
        /// flight during its rise.
        mutating func correlateSpike(
            _ key: CorrelationResults.SpikeKey, of a: AnalyzedSegment, _ scopes: Scopes
        ) throws {
            let spike = a.spikes[key.spike]
            let id = a.spikeIDs[key.spike]
            let counts = try windowCounts(
                scopes, startMS: spike.start.ms, endMS: spike.peak.ms + a.segment.resolutionMS)
            for c in counts { try AnalysisWriter.insertWindowCount(db, subject: "spike", id: id, c) }
            results.spikeWindows[key] = counts
            guard spike.end == nil || spike.crossedLimit else { return }
            let stretch = a.segment.samples.filter { $0.ms >= spike.start.ms && $0.ms <= spike.peak.ms }
            if let jobScope = scopes.jobs {
                let overlaps = try overlapAnalyzer.analyze(
                    scope: jobScope, samples: stretch, values: stretch.map(\.rssKB),
                    resolutionMS: a.segment.resolutionMS, thresholds: t)
                for o in overlaps { try AnalysisWriter.insertJobOverlap(db, subject: "spike", id: id, o) }
                results.spikeJobs[key] = overlaps
            }
            if let inFlightScope = scopes.inFlight {
                results.spikeRequests[key] = try overlapAnalyzer.analyze(
                    scope: inFlightScope, samples: stretch, values: stretch.map(\.rssKB),
                    resolutionMS: a.segment.resolutionMS, thresholds: t, source: .requests)
            }
        }

        /// A growing segment against the time around it, and the jobs and requests in flight along its floor.
        mutating func correlateGrowth(segment si: Int, _ a: AnalyzedSegment, _ scopes: Scopes) throws {
            let counts = try windowCounts(scopes, startMS: a.segment.startMS, endMS: a.segment.endMS)
            for c in counts where c.outsideSeconds > 0 {
                try AnalysisWriter.insertWindowCount(db, subject: "trend", id: a.trendID, c)
            }
            results.trendWindows[si] = counts.filter { $0.outsideSeconds > 0 }
            if let jobScope = scopes.jobs {
                let overlaps = try overlapAnalyzer.analyze(
                    scope: jobScope, samples: a.segment.samples, values: a.segment.settledFloor(t),
                    resolutionMS: a.segment.resolutionMS, thresholds: t)
                for o in overlaps { try AnalysisWriter.insertJobOverlap(db, subject: "trend", id: a.trendID, o) }
                results.trendJobs[si] = overlaps
            }
            if let inFlightScope = scopes.inFlight {
                results.trendRequests[si] = try overlapAnalyzer.analyze(
                    scope: inFlightScope, samples: a.segment.samples, values: a.segment.settledFloor(t),
                    resolutionMS: a.segment.resolutionMS, thresholds: t, source: .requests)
            }
        }
    }

    /// Each endpoint's share of the requests that kept memory in a partitioned segment, against the segment's.
    private static func writeEndpointGrowth(
        _ db: Database, segments: [AnalyzedSegment], partitions: [RequestPartition]
    ) throws {
        for a in segments {
            guard let pi = a.partition else { continue }
            let p = partitions[pi]
            let base = p.requests > 0 ? Double(p.retaining) / Double(p.requests) : 0
            for e in p.endpoints {
                let pValue = BinomialTest.upperTail(k: e.retaining, n: e.requests, p: base)
                try AnalysisWriter.insertEndpointGrowth(db, trendID: a.trendID, partition: p, e, pValue: pValue)
            }
        }
    }
}
