import GRDB

/// Ranks job classes (or endpoints, by their requests in flight) by how much of a memory rise fell inside their runs.
///
/// The rise is split over sample intervals (the floor's increments for a segment, RSS increments for a spike).
/// Each interval's increment is credited to a class in proportion to how much of the interval its runs cover.
/// Significance: of the intervals holding a large share of the rise (`risingIntervalShare`), how many overlap the
/// class's runs, against the share of all intervals they overlap: an exact one-sided binomial test.
/// With whole-second sample times (`resolutionMS` 1000), samples are placed mid-second and runs widened by half a
/// second each side, so a job logged at 12:00:54.502 is not missed by a sample stamped 12:00:54.
/// A job with no end runs to the last sample (it was still running); a request with no end is an instant.
/// The longest run of a scope is looked up once and kept: every spike and segment of a process asks for it.
struct JobOverlapAnalyzer {
    let db: Database
    private var longestRuns: [String: Double] = [:]

    init(db: Database) { self.db = db }

    /// The longest `duration_ms` of `source`'s rows in `scope`, so a run that began before the samples is read.
    private mutating func longestRunMS(_ source: OverlapSource, _ scope: CorrelationScope) throws -> Double {
        let key = "\(source.table)|\(scope.description)"
        if let known = longestRuns[key] { return known }
        let c = scope.condition
        let value =
            try Double.fetchOne(
                db, sql: "SELECT max(duration_ms) FROM \(source.table) WHERE \(c.sql)",
                arguments: StatementArguments(c.arguments)) ?? 0
        longestRuns[key] = value
        return value
    }

    mutating func analyze(
        scope: CorrelationScope, samples: [MemorySample], values: [Double], resolutionMS q: Int64,
        thresholds t: AnalysisThresholds, source: OverlapSource = .jobs
    ) throws -> [JobOverlapResult] {
        guard samples.count >= 2 else { return [] }
        var increments: [Double] = [0]
        for i in 1..<values.count { increments.append(max(0, values[i] - values[i - 1])) }
        let total = increments.reduce(0, +)
        guard total > 0 else { return [] }
        let byClass = try runs(scope: scope, samples: samples, resolutionMS: q, source: source)
        let rise = Rise(
            times: samples.map { $0.ms + q / 2 }, increments: increments, total: total,
            rising: Set(
                (1..<samples.count).filter { increments[$0] >= t.risingIntervalShare * total && increments[$0] > 0 }))
        return byClass.sorted(by: { $0.key < $1.key })
            .map { Self.overlap($0.key, runs: $0.value, rise) }
            .sorted { $0.riseKB > $1.riseKB || ($0.riseKB == $1.riseKB && $0.jobClass < $1.jobClass) }
    }

    /// The rise being shared out: the (mid-second) sample times, each interval's increment ending at a sample,
    /// their total, and the intervals holding a large share of it.
    private struct Rise {
        var times: [Int64]
        var increments: [Double]
        var total: Double
        var rising: Set<Int>
    }

    /// The runs of each class (or endpoint) that may overlap the samples, widened by half the resolution each side.
    private mutating func runs(
        scope: CorrelationScope, samples: [MemorySample], resolutionMS q: Int64, source: OverlapSource
    ) throws -> [String: [JobRun]] {
        guard let first = samples.first, let last = samples.last else { return [:] }
        let c = scope.condition
        let maxDuration = try longestRunMS(source, scope)
        let iso = { (ms: Int64) in Timestamp(milliseconds: ms).iso8601 }
        var arguments = c.arguments
        arguments += [iso(first.ms - Int64(maxDuration) - 1000), iso(last.ms)]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(source.itemSQL) AS class, ts_start, ts_end, artifact_id, line, line_end FROM \(source.table)
                WHERE \(c.sql) AND ts_start >= ? AND ts_start <= ? ORDER BY class, ts_start, id
                """, arguments: StatementArguments(arguments))
        let half = q / 2
        var byClass: [String: [JobRun]] = [:]
        for row in rows {
            guard let s = Timestamp.parseISO(row["ts_start"] as String? ?? "") else { continue }
            let open = source == .jobs ? last.ms : s.milliseconds
            let e = (row["ts_end"] as String?).flatMap { Timestamp.parseISO($0) }?.milliseconds ?? open
            guard e + half >= first.ms else { continue }
            byClass[row["class"], default: []].append(
                JobRun(
                    jobClass: row["class"], startMS: s.milliseconds - half, endMS: max(e, s.milliseconds) + half,
                    loggedStartMS: s.milliseconds, loggedEndMS: max(e, s.milliseconds),
                    artifactID: row["artifact_id"], line: row["line"], lineEnd: row["line_end"]))
        }
        return byClass
    }

    /// One class's share of the rise, the significance of its overlap with the rising intervals, and its
    /// top runs.
    private static func overlap(_ jobClass: String, runs: [JobRun], _ r: Rise) -> JobOverlapResult {
        let (credited, covered) = credit(runs, r)
        var rise = 0.0
        var touched = 0
        var risingInside = 0
        for i in 1..<r.times.count where covered[i] > 0 {
            rise += r.increments[i] * covered[i]
            touched += 1
            if r.rising.contains(i) { risingInside += 1 }
        }
        let timeShare = Double(touched) / Double(r.times.count - 1)
        let p = BinomialTest.upperTail(k: risingInside, n: r.rising.count, p: timeShare)
        let top = credited.filter { $0.riseKB > 0 }.sorted {
            $0.riseKB > $1.riseKB || ($0.riseKB == $1.riseKB && ($0.artifactID, $0.line) < ($1.artifactID, $1.line))
        }
        return JobOverlapResult(
            jobClass: jobClass, runs: runs.count, timeShare: timeShare, riseKB: rise.rounded(),
            riseShare: rise / r.total, subjectRiseKB: r.total.rounded(), risingIntervals: r.rising.count,
            risingInside: risingInside, pValue: p, topRuns: Array(top.prefix(5)))
    }

    /// Each run credited with the increments of the intervals it covers, in proportion to how much of each it
    /// covers; and how much of each interval the runs cover together (at most all of it). A run with no length
    /// marks the interval it falls in as touched, crediting nothing.
    private static func credit(_ runs: [JobRun], _ r: Rise) -> (runs: [JobRun], covered: [Double]) {
        let times = r.times
        var credited = runs
        var covered = [Double](repeating: 0, count: times.count)
        for k in credited.indices {
            let run = credited[k]
            // First interval whose end is after the run's start.
            var lo = 1
            var hi = times.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if times[mid] <= run.startMS { lo = mid + 1 } else { hi = mid }
            }
            var i = lo
            while i < times.count, times[i - 1] < run.endMS {
                let a = times[i - 1]
                let b = times[i]
                let overlap = Double(max(0, min(b, run.endMS) - max(a, run.startMS)))
                let share = b > a ? overlap / Double(b - a) : 0
                if run.endMS == run.startMS, run.startMS > a, run.startMS <= b {
                    covered[i] = max(covered[i], 1e-9)
                }
                if share > 0 {
                    covered[i] = min(1, covered[i] + share)
                    credited[k].riseKB += r.increments[i] * share
                }
                i += 1
            }
        }
        return (credited, covered)
    }
}
