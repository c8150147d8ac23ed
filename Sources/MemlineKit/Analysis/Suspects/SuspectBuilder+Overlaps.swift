import Foundation
import GRDB

/// Suspects of kind `job_class` (runs) and `endpoint` (requests in flight) from what ran while memory rose.
extension SuspectBuilder {
    struct JobPool {
        var rise = 0.0
        var rising = 0
        var inside = 0
        var expectedInside = 0.0
        var timeWeighted = 0.0
        var runs = 0
        var topRuns: [JobRun] = []
        var subjects: [String] = []
        var perSegment: [Int: Double] = [:]
    }

    /// A pool's figures against the whole rise: its share, the share of time it ran, and the binomial test.
    struct PoolTest {
        var share: Double
        var timeShare: Double
        var enrichment: Double
        var p: Double
        /// The one job confined to the rising intervals of sparse samples (`confinedJobs`).
        var sparse: Bool
        /// A one-off load: most of the rise in a few runs, short of alpha.
        var oneOff: Bool
    }

    /// Job classes by their runs, or endpoints by their requests in flight (`OverlapSource`), over each rise.
    func overlapSuspects(
        _ source: OverlapSource, base: Double, explained: inout [Int: Double], ruledOut: inout [RuledOutDraft]
    ) throws -> [SuspectDraft] {
        let (totalRise, pools) = pooled(overlapSubjects(source))
        guard totalRise > 0 else { return [] }
        let confined = confinedJobs(pools, totalRise: totalRise, source: source)
        var out: [SuspectDraft] = []
        for (jobClass, pool) in pools.sorted(by: { $0.key < $1.key }) {
            let test = poolTest(pool, jobClass, totalRise: totalRise, confined: confined, source: source)
            guard test.share >= t.suspectMinShare, pool.rise >= t.suspectMinKB,
                test.enrichment >= t.suspectMinEnrichment || test.sparse, test.p < t.alpha || test.oneOff
            else { continue }
            if source == .requests, let transient = try transientRequests(jobClass, pool) {
                ruledOut.append(transient)
                continue
            }
            // At a coarse resolution the whole rise of the intervals its runs fall in is its, not a share by coverage.
            for (si, kb) in pool.perSegment {
                explained[si, default: 0] += test.sparse ? segments[si].trend.retainedKB : kb
            }
            out.append(overlapDraft(jobClass, pool, test, totalRise: totalRise, source: source, base: base))
        }
        return out
    }

    /// The segments (their rises) and the spikes of segments that do not grow, with what ran over each.
    private func overlapSubjects(_ source: OverlapSource) -> [(
        segment: Int, label: String, results: [JobOverlapResult]
    )] {
        let trends = source == .jobs ? correlations.trendJobs : correlations.trendRequests
        let spikes = source == .jobs ? correlations.spikeJobs : correlations.spikeRequests
        var subjects: [(segment: Int, label: String, results: [JobOverlapResult])] = []
        for (si, results) in trends.sorted(by: { $0.key < $1.key }) where !segments[si].divergent {
            subjects.append((si, "\(segments[si].series.label) (\(segments[si].trend.kind.rawValue))", results))
        }
        for (key, results) in spikes.sorted(by: {
            ($0.key.segment, $0.key.spike) < ($1.key.segment, $1.key.spike)
        }) where !segments[key.segment].isGrowing && !segments[key.segment].divergent && !isWarmUp(key) {
            subjects.append((key.segment, "spike on \(segments[key.segment].series.label)", results))
        }
        return subjects
    }

    /// Whether the spike is the rise a plateau levelled off from, never given back and under any limit: a process
    /// warming up (loading a table, filling its caches), which is no incident of its own.
    private func isWarmUp(_ key: CorrelationResults.SpikeKey) -> Bool {
        let a = segments[key.segment]
        guard a.trend.kind == .plateau, a.spikes.indices.contains(key.spike) else { return false }
        return a.spikes[key.spike].end == nil && !a.reachedLimit
    }

    /// The whole rise, and each job class's (or endpoint's) pool of what it overlapped.
    private func pooled(_ subjects: [(segment: Int, label: String, results: [JobOverlapResult])]) -> (
        Double, [String: JobPool]
    ) {
        var totalRise = 0.0
        var pools: [String: JobPool] = [:]
        for subject in subjects {
            guard let any = subject.results.first else { continue }
            totalRise += any.subjectRiseKB
            for r in subject.results {
                var pool = pools[r.jobClass, default: JobPool()]
                pool.rise += r.riseKB
                pool.rising += r.risingIntervals
                pool.inside += r.risingInside
                pool.expectedInside += r.timeShare * Double(r.risingIntervals)
                pool.timeWeighted += r.timeShare * r.subjectRiseKB
                pool.runs += r.runs
                pool.topRuns += r.topRuns
                pool.subjects.append(subject.label)
                // The segments whose rise it overlapped: one it ran in while nothing rose owes it nothing.
                if r.riseKB > 0 { pool.perSegment[subject.segment, default: 0] += r.riseKB }
                pools[r.jobClass] = pool
            }
        }
        return (totalRise, pools)
    }

    /// At a coarse sampling rate (a platform's metrics every 20 s) a few rising intervals can never reach alpha. A
    /// job whose runs fall only in those intervals, or in the intervals that hold most of the rise (the step where
    /// the process doubled), the one job that does while the others run all along, is named, hedged on the
    /// resolution.
    private func confinedJobs(_ pools: [String: JobPool], totalRise: Double, source: OverlapSource) -> Set<String> {
        Set(
            pools.filter { _, pool in
                source == .jobs && pool.rising >= 1 && pool.rising <= 3
                    && (pool.inside == pool.rising || pool.rise / totalRise >= t.confinedRiseShare)
                    && pool.perSegment.keys.allSatisfy(isSparse)
                    && pool.timeWeighted / totalRise <= 0.5 && pool.rise / totalRise >= t.suspectMinShare
                    && pool.rise >= t.suspectMinKB
            }.keys)
    }

    private func poolTest(
        _ pool: JobPool, _ jobClass: String, totalRise: Double, confined: Set<String>, source: OverlapSource
    ) -> PoolTest {
        let share = pool.rise / totalRise
        let timeShare = pool.timeWeighted / totalRise
        let enrichment = timeShare > 0 ? share / timeShare : (share > 0 ? Double.infinity : 0)
        let p0 = pool.rising > 0 ? pool.expectedInside / Double(pool.rising) : 1
        let p = BinomialTest.upperTail(k: pool.inside, n: pool.rising, p: p0)
        // A one-off load (a job that ran once or twice and made most of the rise) cannot reach alpha over a short
        // recording: it is named, hedged, when its runs hold most of the rise in a small share of the time.
        let sparse = confined.count == 1 && confined.contains(jobClass)
        let oneOff =
            source == .jobs && share >= t.oneOffMinShare && enrichment >= t.oneOffMinEnrichment && p < 10 * t.alpha
            || sparse
        return PoolTest(
            share: share, timeShare: timeShare, enrichment: enrichment, p: p, sparse: sparse, oneOff: oneOff)
    }

    /// Requests in flight that raised RSS and gave nearly all of it back are a transient, as a per-request RSS
    /// delta would show: ruled out, not named.
    private func transientRequests(_ endpoint: String, _ pool: JobPool) throws -> RuledOutDraft? {
        guard let given = try givenBack(endpoint, segments: pool.perSegment.keys.sorted()),
            given.riseKB >= t.suspectMinKB, given.keptKB < t.suspectMinKeptShare * given.riseKB
        else { return nil }
        return RuledOutDraft(
            kind: .endpoint, name: endpoint,
            reason: "its \(formatCount(given.requests)) requests raised RSS by \(formatMB(given.riseKB)) "
                + "while in flight and it kept \(formatMB(given.keptKB)) of that "
                + "(\(formatPercent(given.keptKB / given.riseKB))): big rises, but transient",
            sql: requestSQL(endpoint, segment: pool.perSegment.keys.min()))
    }

    private func overlapDraft(
        _ jobClass: String, _ pool: JobPool, _ test: PoolTest, totalRise: Double, source: OverlapSource, base: Double
    ) -> SuspectDraft {
        // Requests in flight are co-occurrence only: confident takes one more big rise inside them.
        let confident =
            test.p < t.alpha && pool.inside >= (source == .jobs ? 2 : 3)
            && (test.p < t.alpha / 10 || (test.share >= 0.5 && test.enrichment >= 5))
        let explainedKB = test.sparse ? totalRise : pool.rise
        var reason = overlapReason(jobClass, pool, test, totalRise: totalRise, source: source)
        if !confident {
            // A job class is a name and keeps its case; "Requests to …" reads on in lower case.
            reason = source == .jobs ? "Possibly " + reason : possibly(reason)
        }
        let pidList = pool.perSegment.keys.sorted().compactMap { segments[$0].series.pid }
        let sql =
            source == .jobs
            ? jobSQL(jobClass, pid: pidList.first) : requestSQL(jobClass, segment: pool.perSegment.keys.min())
        return SuspectDraft(
            kind: source == .jobs ? .jobClass : .endpoint, name: jobClass,
            score: score(explainedKB, base, ConfidenceWeight.of(confident)),
            confident: confident, explainedKB: explainedKB.rounded(), reason: reason, sql: sql,
            evidence: overlapEvidence(jobClass, pool, source: source),
            basis: .timing, segments: pool.perSegment.keys.sorted())
    }

    private func overlapReason(
        _ jobClass: String, _ pool: JobPool, _ test: PoolTest, totalRise: Double, source: OverlapSource
    ) -> String {
        let places = Array(Set(pool.subjects)).sorted().prefix(2).joined(separator: ", ")
        let rise =
            "\(formatPercent(test.share)) of the memory rise "
            + "(\(formatMB(pool.rise)) of \(formatMB(totalRise)) on \(places))"
        guard source == .jobs else {
            return "Requests to \(jobClass) were in flight during \(rise) while they covered "
                + "\(formatPercent(test.timeShare)) of the time: \(pool.inside) of \(pool.rising) big rises inside "
                + "\(formatCount(pool.runs)) requests (binomial \(formatP(test.p))); the logs hold no per-request RSS, "
                + "so this is timing, not measured growth"
        }
        var reason =
            "\(jobClass) was running during \(rise) while its runs covered \(formatPercent(test.timeShare)) of the "
            + "time: \(pool.inside) of \(pool.rising) big rises inside \(formatCount(pool.runs)) runs "
            + "(binomial \(formatP(test.p)))"
        if test.sparse {
            reason +=
                "; the samples are too sparse for the test, but it is the only job whose runs fall only in "
                + "the interval\(pool.rising == 1 ? "" : "s") where memory rose, while the others ran all "
                + "along: timing at the sampling interval's resolution"
        } else if test.p >= t.alpha {
            reason +=
                "; too few runs for the test, but they hold \(formatPercent(test.share)) of the rise in "
                + "\(formatPercent(test.timeShare)) of the time: a one-off load"
        }
        return reason
    }

    /// Its runs (or requests) over which memory rose most, then the trends of its first two segments.
    private func overlapEvidence(_ jobClass: String, _ pool: JobPool, source: OverlapSource) -> [EvidenceDraft] {
        let runs = pool.topRuns.sorted {
            $0.riseKB > $1.riseKB || ($0.riseKB == $1.riseKB && ($0.artifactID, $0.line) < ($1.artifactID, $1.line))
        }
        let evidence = runs.prefix(max(1, t.evidenceRows - 2)).map {
            EvidenceDraft(
                label: source == .jobs ? "\(jobClass) run" : "request to \(jobClass)", artifactID: $0.artifactID,
                line: $0.line, lineEnd: $0.lineEnd, ms: $0.loggedStartMS,
                value: "memory rose \(formatMB($0.riseKB)) "
                    + (source == .jobs ? "during its " : "in the sample intervals around its ")
                    + "\(formatDuration(Double($0.loggedEndMS - $0.loggedStartMS) / 1000)) "
                    + (source == .jobs ? "run" : "request"))
        }
        return evidence + trendEvidence(pool.perSegment.keys.sorted().prefix(2).map { $0 })
    }

    /// The runs of a job class with RSS just before and after each.
    func jobSQL(_ jobClass: String, pid: Int?) -> String {
        guard let pid else {
            return "SELECT jid, ts_start, ts_end, line FROM jobs WHERE class = \(SQLText.literal(jobClass)) "
                + "ORDER BY ts_start"
        }
        return """
            SELECT j.jid, j.ts_start, j.ts_end, j.line,
              (SELECT rss_kb FROM rss_samples s WHERE s.pid = \(pid) AND s.ts <= j.ts_start
                ORDER BY s.ts DESC LIMIT 1) AS rss_before_kb,
              (SELECT rss_kb FROM rss_samples s WHERE s.pid = \(pid) AND s.ts >= j.ts_end
                ORDER BY s.ts LIMIT 1) AS rss_after_kb
            FROM jobs j WHERE j.class = \(SQLText.literal(jobClass)) ORDER BY j.ts_start
            """
    }

    /// The requests to an endpoint on the segment's process (pid, else host) with RSS just before and after each.
    func requestSQL(_ endpoint: String, segment: Int?) -> String {
        let series = segment.map { segments[$0].series }
        let item = "coalesce(r.endpoint, r.action, r.path, '?') = \(SQLText.literal(endpoint))"
        let sample: String
        let filter: String
        if let pid = series?.pid {
            sample = "s.pid = \(pid)"
            filter = "r.pid = \(pid)"
        } else if let host = series?.host {
            sample = "s.host = \(SQLText.literal(host))"
            filter = "r.host = \(SQLText.literal(host))"
        } else {
            return "SELECT r.line, r.ts_start, r.ts_end, r.path FROM requests r WHERE \(item) ORDER BY r.ts_start"
        }
        return """
            SELECT r.line, r.ts_start, r.ts_end, r.duration_ms, r.path,
              (SELECT rss_kb FROM rss_samples s WHERE \(sample) AND s.ts <= r.ts_start
                ORDER BY s.ts DESC LIMIT 1) AS rss_before_kb,
              (SELECT rss_kb FROM rss_samples s WHERE \(sample) AND s.ts >= coalesce(r.ts_end, r.ts_start)
                ORDER BY s.ts LIMIT 1) AS rss_after_kb
            FROM requests r WHERE \(filter) AND \(item) ORDER BY r.ts_start
            """
    }

    /// Whether a segment was sampled coarsely (a median interval of at least `sparseIntervalSeconds`), so that its
    /// few rising intervals cannot reach a test's significance.
    func isSparse(_ segment: Int) -> Bool {
        let samples = segments[segment].segment.samples
        guard samples.count >= 2 else { return true }
        var gaps = zip(samples.dropFirst(), samples).map { Double($0.ms - $1.ms) / 1000 }
        gaps.sort()
        return gaps[gaps.count / 2] >= t.sparseIntervalSeconds
    }

    /// What an endpoint's requests did to RSS while in flight, over the given segments: the rise from the last
    /// sample before each request to the highest sample until a sample after it ends, and what of that rise the
    /// floor kept (the lowest RSS from the end on, against the RSS before it).
    func givenBack(_ endpoint: String, segments indices: [Int]) throws -> (
        requests: Int, riseKB: Double, keptKB: Double
    )? {
        var scopes = ScopeResolver(db: db)
        var requests = 0
        var rise = 0.0
        var kept = 0.0
        for si in indices {
            let a = segments[si]
            let samples = a.segment.samples
            guard samples.count >= 2, let scope = try scopes.scope(for: a.series, tables: ["requests"]) else {
                continue
            }
            let floor = a.segment.settledFloor(t)
            let condition = scope.condition
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ts_start, coalesce(ts_end, ts_start) AS ts_end FROM requests
                    WHERE \(condition.sql) AND coalesce(endpoint, action, path, '?') = ? AND ts_start >= ? AND ts_start <= ?
                    """,
                arguments: StatementArguments(
                    condition.arguments + [
                        endpoint, Timestamp(milliseconds: a.segment.startMS).iso8601,
                        Timestamp(milliseconds: a.segment.endMS).iso8601,
                    ]))
            for row in rows {
                guard let start = GrowthWindow.ms(row["ts_start"]), let end = GrowthWindow.ms(row["ts_end"]) else {
                    continue
                }
                let before = GrowthWindow.sampleIndex(samples, at: start)
                guard samples[before].ms <= start else { continue }
                var after = GrowthWindow.sampleIndex(samples, at: end)
                if after + 1 < samples.count { after += 1 }
                let peak = samples[before...after].map(\.rssKB).max() ?? samples[before].rssKB
                requests += 1
                rise += max(0, peak - samples[before].rssKB)
                kept += max(0, floor[after] - samples[before].rssKB)
            }
        }
        return requests > 0 ? (requests, rise, kept) : nil
    }
}
