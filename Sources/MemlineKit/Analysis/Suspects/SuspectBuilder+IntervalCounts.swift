import Foundation
import GRDB

/// Suspects of kind `endpoint` or `job_class` from the work counted between consecutive samples, against what the
/// process kept in each interval: "N requests × k MB each", "N runs × k MB each".
///
/// For growing processes whose logs hold requests but no per-request RSS (router lines, plain Rails logs), or job
/// runs, each sample interval gives the floor's rise (what was kept) and each endpoint's requests (each job
/// class's runs) that ended in it. Work that keeps memory each time makes the intervals with more of it keep more,
/// whatever the sampling rate: the correlation of the kept rise with the excess count (its count minus its share
/// of all the work in that interval, so busy intervals do not favour every name) is tested over all growing
/// processes' intervals (Pearson r, one-sided, normal approximation of the t statistic, times the number of names
/// tested), and the memory kept each time is the slope through the origin. Named when r ≥ `intervalMinCorrelation`
/// and p < `alpha` over at least `intervalMinCount` intervals; confident when p < `alpha` / 10, r ≥ 0.5 and the
/// slope explains half of the rise.
/// It is timing, not measured growth: in a garbage-collected runtime it says possibly.
extension SuspectBuilder {
    /// What is counted per interval: requests by endpoint, or job runs by class.
    enum IntervalWork {
        case requests
        case jobs

        var table: String { self == .requests ? "requests" : "jobs" }
        /// The name's SQL, its columns prefixed by `alias` (`w.`) when given.
        func nameSQL(_ alias: String = "") -> String {
            self == .requests ? "coalesce(\(alias)endpoint, \(alias)action, \(alias)path, '?')" : "\(alias)class"
        }
        var kind: SuspectKind { self == .requests ? .endpoint : .jobClass }
        /// "requests to /x", "runs of XJob".
        func units(of name: String) -> String { self == .requests ? "requests to \(name)" : "runs of \(name)" }
        var unit: String { self == .requests ? "request" : "run" }
    }

    struct IntervalRow {
        var segment: Int
        var keptKB: Double
        var counts: [String: Int]
        var total: Int
        var startMS: Int64
        var endMS: Int64
    }

    func intervalCountSuspects(_ work: IntervalWork, base: Double, explained: inout [Int: Double]) throws
        -> [SuspectDraft]
    {
        var scopes = ScopeResolver(db: db)
        var rows: [IntervalRow] = []
        var touched: [Int] = []
        var firstScope: CorrelationScope?
        // A young process warming up to where its siblings levelled off has no growth of its own to explain.
        for (si, a) in segments.enumerated()
        where a.isGrowing && !a.divergent && a.partition == nil && !a.warmsUpToSiblings {
            guard let scope = try scopes.scope(for: a.series, tables: [work.table]) else { continue }
            let before = rows.count
            rows += try intervals(work, si, a, scope: scope)
            if rows.count > before {
                touched.append(si)
                firstScope = firstScope ?? scope
            }
        }
        let totalKept = rows.reduce(0) { $0 + $1.keptKB }
        guard totalKept > 0 else { return [] }
        // A step (a heavy one-off run whose transient left the floor higher) is what overlapped it, for the overlap
        // analysis to weigh; here it would drown the steady retention of the work that runs all along.
        let steps = Self.stepIntervals(rows, factor: t.intervalStepFactor)
        rows = rows.enumerated().filter { !steps.contains($0.offset) }.map(\.element)
        guard rows.count >= t.intervalMinCount else { return [] }
        let allRequests = rows.reduce(0) { $0 + $1.total }
        var byEndpoint: [String: Int] = [:]
        for r in rows { for (e, c) in r.counts { byEndpoint[e, default: 0] += c } }
        struct Fit {
            var endpoint: String
            var r: Double
            var p: Double
            var kPerRequest: Double
            var requests: Int
            var explainedKB: Double
            /// Its excess count per interval.
            var excess: [Double]
        }
        var fits: [Fit] = []
        // Every name is a test: with a dozen of them one follows the rise by chance about half the time, so each
        // p is multiplied by their number (Bonferroni), and a name must stand out among all, not only on its own.
        let tested = Double(max(1, byEndpoint.values.filter { $0 >= 10 }.count))
        for (endpoint, requests) in byEndpoint where requests >= 10 {
            let share = Double(requests) / Double(max(allRequests, 1))
            let x = rows.map { Double($0.counts[endpoint] ?? 0) - share * Double($0.total) }
            let y = rows.map(\.keptKB)
            guard let r = TrendStatistics.pearson(x, y), r > 0 else { continue }
            let p = Self.correlationP(r, n: rows.count) * tested
            let k = Self.slopeThroughOrigin(rows.map { Double($0.counts[endpoint] ?? 0) }, y)
            fits.append(
                Fit(
                    endpoint: endpoint, r: r, p: p, kPerRequest: k, requests: requests,
                    explainedKB: min(totalKept, k * Double(requests)), excess: x))
        }
        fits.sort { ($0.r, $1.endpoint) > ($1.r, $0.endpoint) }
        var out: [SuspectDraft] = []
        // Forward selection: a name after the first must still follow what the names before it leave unexplained,
        // or it is only their companion (a page and the call it always makes share their intervals).
        var residual = rows.map(\.keptKB)
        for fit in fits.prefix(3) {
            guard fit.r >= t.intervalMinCorrelation, fit.p < t.alpha, fit.explainedKB >= t.suspectMinKB else {
                continue
            }
            if !out.isEmpty {
                guard let r = TrendStatistics.pearson(fit.excess, residual), r >= t.intervalMinCorrelation,
                    Self.correlationP(r, n: rows.count) * tested < t.alpha
                else { continue }
            }
            residual = Self.residual(residual, after: fit.excess)
            let share = fit.explainedKB / totalKept
            let confident = fit.p < t.alpha / 10 && fit.r >= 0.5 && share >= 0.5
            for si in touched {
                let kept = rows.filter { $0.segment == si }.reduce(0) { $0 + $1.keptKB }
                explained[si, default: 0] += kept * min(1, share)
            }
            var reason =
                "Intervals with more \(work.units(of: fit.endpoint)) kept more memory: over \(rows.count) sample "
                + "intervals of \(touched.count) growing process\(touched.count == 1 ? "" : "es"), the floor's rise "
                + "follows its excess \(work.unit)s (r = \(String(format: "%.2f", fit.r)), \(formatP(fit.p))"
                + "\(tested > 1 ? " over \(Int(tested)) names tested" : "")), about "
                + "\(formatMB(fit.kPerRequest)) kept per \(work.unit): \(formatCount(fit.requests)) \(work.unit)s × "
                + "\(formatMB(fit.kPerRequest)) ≈ \(formatMB(fit.explainedKB)), "
                + "\(formatPercent(min(1, share))) of the \(formatMB(totalKept)) kept; the logs hold no per-\(work.unit) "
                + "RSS, so this is timing, not measured growth"
            if !confident { reason = possibly(reason, lead: "Possibly: ") }
            let evidence = try intervalEvidence(work, fit.endpoint, rows: rows)
            out.append(
                SuspectDraft(
                    kind: work.kind, name: fit.endpoint,
                    score: score(fit.explainedKB, base, ConfidenceWeight.of(confident)), confident: confident,
                    explainedKB: fit.explainedKB.rounded(), reason: reason,
                    sql: intervalSQL(work, fit.endpoint, segment: touched.first, scope: firstScope), evidence: evidence,
                    basis: .perInterval,
                    segments: touched))
        }
        return out
    }

    /// One-sided p of a Pearson r over n points (normal approximation of its t statistic).
    static func correlationP(_ r: Double, n: Int) -> Double {
        let tStat = r * (Double(n) - 2).squareRoot() / max(1e-9, (1 - r * r).squareRoot())
        return 0.5 * erfc(tStat / 2.0.squareRoot())
    }

    /// The least-squares slope of `y` on `x` through the origin: what each unit of `x` kept; 0 when `x` is all 0.
    static func slopeThroughOrigin(_ x: [Double], _ y: [Double]) -> Double {
        let xx = x.reduce(0) { $0 + $1 * $1 }
        return xx > 0 ? zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / xx : 0
    }

    /// What `y` leaves after its least-squares line on `x`.
    static func residual(_ y: [Double], after x: [Double]) -> [Double] {
        let n = Double(max(x.count, 1))
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        guard sxx > 0 else { return y }
        let slope = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
        return zip(x, y).map { $1 - slope * ($0 - mx) }
    }

    /// The intervals whose kept rise is a step: over `factor` times the median of the intervals that kept anything.
    static func stepIntervals(_ rows: [IntervalRow], factor: Double) -> Set<Int> {
        let positive = rows.map(\.keptKB).filter { $0 > 0 }.sorted()
        guard positive.count >= 4 else { return [] }
        let median = positive[positive.count / 2]
        return Set(rows.indices.filter { rows[$0].keptKB > factor * median })
    }

    /// The sample intervals of a segment up to where it settled: kept rise and requests per endpoint.
    private func intervals(_ work: IntervalWork, _ si: Int, _ a: AnalyzedSegment, scope: CorrelationScope) throws
        -> [IntervalRow]
    {
        let samples = a.segment.samples
        guard samples.count >= 3 else { return [] }
        let settled = TrendStatistics.settledIndex(samples, minSeconds: t.settleSeconds)
        let floor = a.segment.settledFloor(at: settled)
        let end = max(1, settled)
        let condition = scope.condition
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT coalesce(ts_end, ts_start) AS ts, \(work.nameSQL()) AS endpoint
                FROM \(work.table) WHERE \(condition.sql) AND coalesce(ts_end, ts_start) > ? AND coalesce(ts_end, ts_start) <= ?
                ORDER BY ts
                """,
            arguments: StatementArguments(
                condition.arguments + [
                    Timestamp(milliseconds: samples[0].ms).iso8601, Timestamp(milliseconds: samples[end].ms).iso8601,
                ]))
        var out: [IntervalRow] = []
        var k = 0
        for i in 1...end {
            var row = IntervalRow(
                segment: si, keptKB: floor[i] - floor[i - 1], counts: [:], total: 0, startMS: samples[i - 1].ms,
                endMS: samples[i].ms)
            while k < rows.count, let ms = GrowthWindow.ms(rows[k]["ts"]), ms <= samples[i].ms {
                if ms > samples[i - 1].ms {
                    row.counts[rows[k]["endpoint"], default: 0] += 1
                    row.total += 1
                }
                k += 1
            }
            out.append(row)
        }
        return out.contains { $0.total > 0 } ? out : []
    }

    /// The intervals that kept most, with the endpoint's requests in each.
    private func intervalEvidence(_ work: IntervalWork, _ endpoint: String, rows: [IntervalRow]) throws
        -> [EvidenceDraft]
    {
        let top = rows.sorted { ($0.keptKB, $1.startMS) > ($1.keptKB, $0.startMS) }.prefix(max(1, t.evidenceRows - 2))
        return top.compactMap { r in
            let samples = segments[r.segment].segment.samples
            guard let s = samples.first(where: { $0.ms == r.endMS }) else { return nil }
            return EvidenceDraft(
                label: "\(segments[r.segment].series.label) kept \(formatMB(r.keptKB)) in this interval",
                artifactID: s.artifactID, line: s.line, lineEnd: nil, ms: s.ms,
                value: "\(r.counts[endpoint] ?? 0) of \(r.total) \(work.unit)s were \(endpoint)")
        }
    }

    /// The work of that name per sample interval of the first growing process, with RSS at each sample.
    private func intervalSQL(_ work: IntervalWork, _ name: String, segment: Int?, scope: CorrelationScope?) -> String {
        let series = segment.map { segments[$0].series }
        var sample = series?.host.map { "s.host = \(SQLText.literal($0))" } ?? "1"
        if let pid = series?.pid { sample += " AND s.pid = \(pid)" }
        let scoped =
            scope?.pid.map { "w.pid = \($0)" } ?? scope?.host.map { "w.host = \(SQLText.literal($0))" } ?? "1"
        return """
            SELECT s.ts, s.rss_kb,
              (SELECT count(*) FROM \(work.table) w WHERE \(scoped) AND \(work.nameSQL("w.")) = \(SQLText.literal(name))
                 AND coalesce(w.ts_end, w.ts_start) > (SELECT max(p.ts) FROM rss_samples p WHERE p.host IS s.host
                   AND p.process IS s.process AND p.pid IS s.pid AND p.ts < s.ts)
                 AND coalesce(w.ts_end, w.ts_start) <= s.ts) AS \(work.unit)s_since_last_sample
            FROM rss_samples s WHERE \(sample) ORDER BY s.ts
            """
    }
}
