import Foundation
import GRDB

/// Turns trends and correlations into one ranked list of suspects, each with figures, rows and SQL.
///
/// Everything is measured against the incident's growth: the memory kept by segments that leak or step, plus the
/// rise of spikes that crossed a limit. Kinds:
/// - **endpoint**: per-request RSS growth that stayed (floor credits, `v_request_retained`) on growing processes
///   that are not outliers among their siblings; named when its share of the kept growth, its enrichment over its
///   share of requests and an exact binomial test of its retaining requests all pass. Big deltas that were given
///   back earn nothing, and an endpoint whose requests kept under `suspectMinKeptShare` of what they grew is a
///   transient (the red herring): its floor credit is other requests' growth made while its allocation was held.
/// - **job_class**: the share of a growing segment's (or an unrecovered spike's) rise inside the class's runs,
///   against the share of time they ran (exact binomial test over the rising sample intervals).
/// - **endpoint** (in flight): the same test for requests in flight on a process whose logs have start and end
///   but no per-request RSS (Heroku router, plain Rails logs); its reason says it is timing, not measured growth.
/// - **process**: a sibling that grows `divergenceFactor` × faster than its role's median; and a growing process
///   that nothing in the logs explains (hedged).
/// - **configuration**: GC never ran (`gc_samples` count flat) while the process grew.
/// - **allocation_site** and **gem**: Ruby heap diff groups of the snapshots taken while the process grew
///   (`SuspectBuilder+Heap`); **function**: heap profile functions whose in-use bytes grew
///   (`SuspectBuilder+Profiles`); **process** (Erlang): the process whose memory and mailbox grew with its node
///   (`SuspectBuilder+ProcessQueues`).
/// Score = 100 × explained KiB / incident growth (capped at 100) × 1 when confident, 0.6 hedged (0.3 for an
/// unexplained process). Nothing grows, nothing is named.
struct SuspectBuilder {
    let db: Database
    let segments: [AnalyzedSegment]
    let partitions: [RequestPartition]
    let correlations: CorrelationResults
    let thresholds: AnalysisThresholds

    var t: AnalysisThresholds { thresholds }

    /// The ranked suspects, reconciled (`VerdictReconciler`), and the candidates the evidence ruled out.
    func build() throws -> VerdictReconciler.Outcome {
        let growing = segments.indices.filter { segments[$0].isGrowing }
        var base = growing.reduce(0.0) { $0 + segments[$1].trend.retainedKB }
        for (si, a) in segments.enumerated() where !a.isGrowing {
            for s in a.spikes where s.crossedLimit { base += s.riseKB }
            _ = si
        }
        guard base > 0 else { return VerdictReconciler.Outcome(suspects: [], ruledOut: []) }
        var drafts: [SuspectDraft] = []
        var ruledOut: [RuledOutDraft] = []
        var explainedBySegment: [Int: Double] = [:]
        drafts += endpointSuspects(base: base, explained: &explainedBySegment, ruledOut: &ruledOut)
        drafts += try overlapSuspects(.jobs, base: base, explained: &explainedBySegment, ruledOut: &ruledOut)
        drafts += try overlapSuspects(.requests, base: base, explained: &explainedBySegment, ruledOut: &ruledOut)
        drafts += try processSuspects(base: base)
        drafts += try gcSuspects(base: base)
        drafts += try heapSuspects(base: base, explained: &explainedBySegment)
        drafts += try profileSuspects(base: base, explained: &explainedBySegment)
        drafts += try processQueueSuspects(base: base, explained: &explainedBySegment)
        drafts += unexplainedSuspects(base: base, explained: explainedBySegment)
        return try VerdictReconciler(db: db, segments: segments, correlations: correlations, thresholds: t, base: base)
            .reconcile(drafts, ruledOut: ruledOut)
    }

    // MARK: Endpoints

    private struct EndpointPool {
        var requests = 0
        var retained = 0.0
        var retaining = 0
        var positive = 0.0
        var segmentsWith = 0
        var segmentsEnriched = 0
        var worst: [RequestRef] = []
        var perSegment: [Int: Double] = [:]
    }

    private func endpointSuspects(
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
            let confident = consistency >= 0.75 && p < t.alpha / 10 && (eligible.count >= 2 || strongTrend)
            for (si, kb) in pool.perSegment { explained[si, default: 0] += kb }
            let processes = pool.segmentsWith == 1 ? "1 growing process" : "\(pool.segmentsWith) growing processes"
            var reason =
                "\(endpoint) kept \(formatMB(pool.retained)) of RSS over \(formatCount(pool.requests)) "
                + "requests on \(processes): \(formatPercent(share)) of their kept growth, "
                + String(format: "%.1f", enrichment) + "× its \(formatPercent(requestShare)) share of requests "
                + "(binomial \(formatP(p))); it kept \(formatPercent(keptShare)) of what its requests grew"
            if !confident {
                reason =
                    "Possibly " + reason + " (only \(pool.segmentsEnriched) of \(pool.segmentsWith) processes agree)"
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
                    kind: .endpoint, name: endpoint, score: score(pool.retained, base, confident ? 1 : 0.6),
                    confident: confident, explainedKB: pool.retained.rounded(), reason: reason, sql: sql,
                    evidence: evidence, basis: .rssDelta, segments: pool.perSegment.keys.sorted()))
        }
        return out
    }

    // MARK: Jobs

    private struct JobPool {
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

    /// Job classes by their runs, or endpoints by their requests in flight (`OverlapSource`), over each rise.
    private func overlapSuspects(
        _ source: OverlapSource, base: Double, explained: inout [Int: Double], ruledOut: inout [RuledOutDraft]
    ) throws -> [SuspectDraft] {
        let trends = source == .jobs ? correlations.trendJobs : correlations.trendRequests
        let spikes = source == .jobs ? correlations.spikeJobs : correlations.spikeRequests
        var subjects: [(segment: Int, label: String, results: [JobOverlapResult])] = []
        for (si, results) in trends.sorted(by: { $0.key < $1.key }) where !segments[si].divergent {
            subjects.append((si, "\(segments[si].series.label) (\(segments[si].trend.kind.rawValue))", results))
        }
        for (key, results) in spikes.sorted(by: {
            ($0.key.segment, $0.key.spike) < ($1.key.segment, $1.key.spike)
        }) where !segments[key.segment].isGrowing && !segments[key.segment].divergent {
            subjects.append((key.segment, "spike on \(segments[key.segment].series.label)", results))
        }
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
                pool.perSegment[subject.segment, default: 0] += r.riseKB
                pools[r.jobClass] = pool
            }
        }
        guard totalRise > 0 else { return [] }
        // At a coarse sampling rate (a platform's metrics every 20 s) a few rising intervals can never reach alpha.
        // A job whose runs fall only in those intervals, the one job that does, while the others run all along,
        // is named, hedged on the resolution.
        let confined = Set(
            pools.filter { _, pool in
                source == .jobs && pool.rising >= 1 && pool.rising <= 3 && pool.inside == pool.rising
                    && pool.timeWeighted / totalRise <= 0.5 && pool.rise / totalRise >= t.suspectMinShare
                    && pool.rise >= t.suspectMinKB
            }.keys)
        var out: [SuspectDraft] = []
        for (jobClass, pool) in pools.sorted(by: { $0.key < $1.key }) {
            let share = pool.rise / totalRise
            let timeShare = pool.timeWeighted / totalRise
            let enrichment = timeShare > 0 ? share / timeShare : (share > 0 ? Double.infinity : 0)
            let p0 = pool.rising > 0 ? pool.expectedInside / Double(pool.rising) : 1
            let p = BinomialTest.upperTail(k: pool.inside, n: pool.rising, p: p0)
            // A one-off load (a job that ran once or twice and made most of the rise) cannot reach alpha over a short
            // recording: it is named, hedged, when its runs hold most of the rise in a small share of the time.
            let sparse = confined.count == 1 && confined.contains(jobClass)
            let oneOff =
                source == .jobs && share >= t.oneOffMinShare && enrichment >= t.oneOffMinEnrichment
                && p < 10 * t.alpha || sparse
            // A job that ran through much of the rise, but no more than its share of the time: chance.
            if source == .jobs, share >= t.suspectMinShare, pool.rise >= t.suspectMinKB, p >= t.alpha, !oneOff,
                enrichment < t.suspectMinEnrichment
            {
                ruledOut.append(
                    RuledOutDraft(
                        kind: .jobClass, name: jobClass,
                        reason:
                            "its \(formatCount(pool.runs)) runs overlapped \(formatPercent(share)) of the memory rise "
                            + "while they covered \(formatPercent(timeShare)) of the time: no more than chance "
                            + "(binomial \(formatP(p)))",
                        sql: jobSQL(jobClass, pid: nil)))
            }
            guard share >= t.suspectMinShare, pool.rise >= t.suspectMinKB,
                enrichment >= t.suspectMinEnrichment || sparse, p < t.alpha || oneOff
            else { continue }
            // Requests in flight are co-occurrence only: confident takes one more big rise inside them.
            let confident =
                p < t.alpha && pool.inside >= (source == .jobs ? 2 : 3)
                && (p < t.alpha / 10 || (share >= 0.5 && enrichment >= 5))
            // At a coarse resolution the whole rise of the intervals its runs fall in is its, not a share by coverage.
            let explainedKB = sparse ? totalRise : pool.rise
            for (si, kb) in pool.perSegment { explained[si, default: 0] += sparse ? segments[si].trend.retainedKB : kb }
            let places = Array(Set(pool.subjects)).sorted().prefix(2).joined(separator: ", ")
            let rise =
                "\(formatPercent(share)) of the memory rise "
                + "(\(formatMB(pool.rise)) of \(formatMB(totalRise)) on \(places))"
            var reason: String
            if source == .jobs {
                reason =
                    "\(jobClass) was running during \(rise) while its runs covered \(formatPercent(timeShare)) of the "
                    + "time: \(pool.inside) of \(pool.rising) big rises inside \(formatCount(pool.runs)) runs "
                    + "(binomial \(formatP(p)))"
                if sparse {
                    reason +=
                        "; the samples are too sparse for the test, but it is the only job whose runs fall only in "
                        + "the interval\(pool.rising == 1 ? "" : "s") where memory rose, while the others ran all "
                        + "along: timing at the sampling interval's resolution"
                } else if p >= t.alpha {
                    reason +=
                        "; too few runs for the test, but they hold \(formatPercent(share)) of the rise in "
                        + "\(formatPercent(timeShare)) of the time: a one-off load"
                }
            } else {
                reason =
                    "Requests to \(jobClass) were in flight during \(rise) while they covered "
                    + "\(formatPercent(timeShare)) of the time: \(pool.inside) of \(pool.rising) big rises inside "
                    + "\(formatCount(pool.runs)) requests (binomial \(formatP(p))); the logs hold no per-request RSS, "
                    + "so this is timing, not measured growth"
            }
            if !confident {
                // A job class is a name and keeps its case; "Requests to …" reads on in lower case.
                reason = "Possibly " + (source == .jobs ? reason : reason.prefix(1).lowercased() + reason.dropFirst())
            }
            let runs = pool.topRuns.sorted {
                $0.riseKB > $1.riseKB || ($0.riseKB == $1.riseKB && ($0.artifactID, $0.line) < ($1.artifactID, $1.line))
            }
            var evidence = runs.prefix(max(1, t.evidenceRows - 2)).map {
                EvidenceDraft(
                    label: source == .jobs ? "\(jobClass) run" : "request to \(jobClass)", artifactID: $0.artifactID,
                    line: $0.line, lineEnd: $0.lineEnd, ms: $0.loggedStartMS,
                    value: "memory rose \(formatMB($0.riseKB)) "
                        + (source == .jobs ? "during its " : "in the sample intervals around its ")
                        + "\(formatDuration(Double($0.loggedEndMS - $0.loggedStartMS) / 1000)) "
                        + (source == .jobs ? "run" : "request"))
            }
            evidence += trendEvidence(pool.perSegment.keys.sorted().prefix(2).map { $0 })
            let pidList = pool.perSegment.keys.sorted().compactMap { segments[$0].series.pid }
            let sql =
                source == .jobs
                ? jobSQL(jobClass, pid: pidList.first) : requestSQL(jobClass, segment: pool.perSegment.keys.min())
            out.append(
                SuspectDraft(
                    kind: source == .jobs ? .jobClass : .endpoint, name: jobClass,
                    score: score(explainedKB, base, confident ? 1 : 0.6),
                    confident: confident, explainedKB: explainedKB.rounded(), reason: reason, sql: sql,
                    evidence: evidence,
                    basis: .timing, segments: pool.perSegment.keys.sorted()))
        }
        return out
    }

    /// The runs of a job class with RSS just before and after each.
    private func jobSQL(_ jobClass: String, pid: Int?) -> String {
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
    private func requestSQL(_ endpoint: String, segment: Int?) -> String {
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

    // MARK: Processes

    private func processSuspects(base: Double) throws -> [SuspectDraft] {
        var byRole: [String: [Int]] = [:]
        for (si, a) in segments.enumerated() where a.divergent { byRole[a.series.role, default: []].append(si) }
        let gc = try GCCheck(db)
        var out: [SuspectDraft] = []
        for (role, members) in byRole.sorted(by: { $0.key < $1.key }) {
            let siblings = segments.indices.filter {
                segments[$0].series.role == role && !segments[$0].divergent && segments[$0].trend.kind != .short
            }
            let median = segments[members[0]].siblingKBPerHour ?? 0
            var excess = 0.0
            var kept = 0.0
            var hours = 0.0
            for si in members {
                let a = segments[si]
                excess += max(0, a.trend.retainedKB - median * a.hours)
                kept += a.trend.retainedKB
                hours += a.hours
            }
            let pids = members.compactMap { segments[$0].series.pid }
            let first = segments[members[0]].series
            let pidList = pids.map(String.init).joined(separator: ", ")
            let pidText = pids.isEmpty ? "" : (pids.count == 1 ? " pid " : " pids ") + pidList
            let name = (first.process ?? "process") + pidText + (first.host.map { " on \($0)" } ?? "")
            let rate = kept / 1024 / max(hours, 1e-9)
            let factor = median > 0 ? (kept / max(hours, 1e-9)) / median : .infinity
            let confident = siblings.count >= 2
            var verdicts: [(Int, GCCheck.Verdict)] = []
            for si in members {
                if let pid = segments[si].series.pid,
                    let v = try gc.verdict(
                        db, pid: pid, fromMS: segments[si].segment.startMS, toMS: segments[si].segment.endMS)
                {
                    verdicts.append((si, v))
                }
            }
            var reason =
                "\(name) kept \(formatMB(kept)) in \(formatDuration(hours * 3600)) (\(formatRate(rate))) "
                + "while its \(siblings.count) sibling segment\(siblings.count == 1 ? "" : "s") kept a median "
                + "\(formatRate(median / 1024))"
                + (factor.isFinite ? ": " + String(format: "%.0f", factor) + "× faster" : "")
            if members.count > 1 {
                reason += ", and it grew again after \(members.count - 1) restart\(members.count > 2 ? "s" : "")"
            }
            if let never = verdicts.first(where: { $0.1.neverRan }) {
                reason +=
                    "; GC count stayed at \(never.1.countFirst) over \(never.1.samples) GC.stat samples: GC never runs"
            } else if verdicts.isEmpty {
                reason +=
                    "; the same work on its siblings did not grow, so look at this process's configuration "
                    + "(GC disabled in an after_fork hook?) — ingest GC.stat samples to tell"
            }
            if !confident { reason = "Possibly " + reason }
            var evidence: [EvidenceDraft] = []
            for si in members.prefix(3) {
                let s = segments[si].segment
                if let a = s.samples.first, let b = s.samples.last {
                    evidence.append(
                        EvidenceDraft(
                            label: "RSS of pid \(s.series.pid.map(String.init) ?? "?") at its start",
                            artifactID: a.artifactID,
                            line: a.line, lineEnd: nil, ms: a.ms, value: formatMB(a.rssKB)))
                    evidence.append(
                        EvidenceDraft(
                            label: "RSS of pid \(s.series.pid.map(String.init) ?? "?") at its end",
                            artifactID: b.artifactID,
                            line: b.line, lineEnd: nil, ms: b.ms, value: formatMB(b.rssKB)))
                }
            }
            for si in siblings.prefix(3) {
                let s = segments[si].segment
                if let b = s.samples.last {
                    evidence.append(
                        EvidenceDraft(
                            label: "sibling pid \(s.series.pid.map(String.init) ?? "?") at its end",
                            artifactID: b.artifactID,
                            line: b.line, lineEnd: nil, ms: b.ms,
                            value: "\(formatMB(b.rssKB)), kept \(formatMB(segments[si].trend.retainedKB))"))
                }
            }
            for (_, v) in verdicts.prefix(2) {
                evidence.append(
                    EvidenceDraft(
                        label: "GC.stat count", artifactID: v.artifactID, line: v.lineFirst, lineEnd: v.lineLast,
                        ms: nil,
                        value: "count \(v.countFirst) → \(v.countLast) over \(v.samples) samples"))
            }
            let processCondition =
                first.source == "rss_samples" ? " AND process IS \(SQLText.literal(first.process))" : ""
            let sql = """
                SELECT pid, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS samples, min(rss_kb) AS min_kb,
                       max(rss_kb) AS max_kb
                FROM \(first.source == "rss_samples" ? "rss_samples" : "request_memory")
                WHERE host IS \(SQLText.literal(first.host))\(processCondition)
                GROUP BY pid ORDER BY max_kb - min_kb DESC
                """
            out.append(
                SuspectDraft(
                    kind: .process, name: name, score: score(excess, base, confident ? 1 : 0.6), confident: confident,
                    explainedKB: excess.rounded(), reason: reason, sql: sql,
                    evidence: Array(evidence.prefix(t.evidenceRows)), basis: .process, segments: members))
        }
        return out
    }

    private func gcSuspects(base: Double) throws -> [SuspectDraft] {
        let gc = try GCCheck(db)
        guard gc.available else { return [] }
        var pids: [Int] = []
        var never: [Int] = []
        var kept = 0.0
        var evidence: [EvidenceDraft] = []
        for (si, a) in segments.enumerated() where a.isGrowing {
            guard let pid = a.series.pid,
                let v = try gc.verdict(db, pid: pid, fromMS: a.segment.startMS, toMS: a.segment.endMS),
                v.neverRan
            else { continue }
            pids.append(pid)
            never.append(si)
            kept += a.trend.retainedKB
            evidence.append(
                EvidenceDraft(
                    label: "GC.stat of pid \(pid)", artifactID: v.artifactID, line: v.lineFirst, lineEnd: v.lineLast,
                    ms: a.segment.startMS, value: "count stayed at \(v.countFirst) over \(v.samples) samples"))
        }
        guard !pids.isEmpty else { return [] }
        let reason =
            "GC never ran in pid \(pids.map(String.init).joined(separator: ", ")) while it kept "
            + "\(formatMB(kept)): its GC.stat count did not move (GC.disable in an after_fork hook)"
        let sql = """
            SELECT pid, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS samples, min(count) AS gc_count_min,
                   max(count) AS gc_count_max
            FROM gc_samples WHERE pid IN \(SQLText.list(pids)) GROUP BY pid ORDER BY pid
            """
        return [
            SuspectDraft(
                kind: .configuration, name: "GC never runs", score: score(kept, base, 1), confident: true,
                explainedKB: kept.rounded(), reason: reason, sql: sql, evidence: Array(evidence.prefix(t.evidenceRows)),
                basis: .configuration, segments: never)
        ]
    }

    private func unexplainedSuspects(base: Double, explained: [Int: Double]) -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        for (si, a) in segments.enumerated() where a.isGrowing && !a.divergent {
            let covered = explained[si] ?? 0
            guard covered < 0.5 * a.trend.retainedKB, a.trend.retainedKB >= t.suspectMinKB else { continue }
            let name = a.series.label
            let reason =
                "Possibly \(name) itself: it kept \(formatMB(a.trend.retainedKB)) "
                + "(\(a.trend.kind.rawValue), \(a.trend.reason)) and no request or job in the logs explains "
                + "\(formatPercent(1 - covered / a.trend.retainedKB)) of it"
            let sql = """
                SELECT ts, rss_kb, line FROM \(a.series.source) WHERE pid IS \(a.series.pid.map(String.init) ?? "NULL")
                  AND host IS \(SQLText.literal(a.series.host))
                  AND ts BETWEEN \(SQLText.literal(AnalysisWriter.iso(a.segment.startMS)))
                  AND \(SQLText.literal(AnalysisWriter.iso(a.segment.endMS))) ORDER BY ts
                """
            out.append(
                SuspectDraft(
                    kind: .process, name: name, score: score(a.trend.retainedKB - covered, base, 0.3),
                    confident: false,
                    explainedKB: (a.trend.retainedKB - covered).rounded(), reason: reason, sql: sql,
                    evidence: trendEvidence([si]), basis: .process, segments: [si]))
        }
        return out
    }

    // MARK: Helpers

    func score(_ kb: Double, _ base: Double, _ weight: Double) -> Double {
        round2(100 * min(1, max(0, kb) / base) * weight)
    }

    /// First and last sample of the given segments, with their trend.
    func trendEvidence(_ indices: [Int]) -> [EvidenceDraft] {
        indices.flatMap { si -> [EvidenceDraft] in
            let a = segments[si]
            guard let first = a.segment.samples.first, let last = a.segment.samples.last else { return [] }
            let who = a.series.label
            return [
                EvidenceDraft(
                    label: "\(who): \(a.trend.kind.rawValue) starts", artifactID: first.artifactID, line: first.line,
                    lineEnd: nil, ms: first.ms, value: formatMB(first.rssKB)),
                EvidenceDraft(
                    label: "\(who): \(a.trend.kind.rawValue) ends", artifactID: last.artifactID, line: last.line,
                    lineEnd: nil, ms: last.ms,
                    value: "\(formatMB(last.rssKB)), kept \(formatMB(a.trend.retainedKB))"),
            ]
        }
    }
}
