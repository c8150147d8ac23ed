import GRDB

/// How many workers of a role fit in memory ("how much memory does one process take?").
///
/// Per role (host and process name) with at least two processes: the median steady-state RSS (median of each
/// segment's second half) and the
/// highest RSS among its processes that do not leak, step or diverge (all of them if every one grows). With
/// `--memory` (the machine), the other roles' steady RSS on that host is set aside; with only a limit (a dyno's
/// quota, a cgroup limit), the limit is the budget of one container. Headroom `headroomShare` is kept free, and the
/// peak (not the median) is what each worker is budgeted at, because every worker can reach it.
enum WorkerBudget {
    static func write(_ db: Database, segments: [AnalyzedSegment], thresholds t: AnalysisThresholds) throws -> Int {
        var roles: [String: [Int]] = [:]
        for (i, a) in segments.enumerated() where a.trend.kind != .short { roles[a.series.role, default: []].append(i) }
        struct RoleFigures {
            var role: String
            var host: String?
            var workers: Int
            var steady: Double
            var peak: Double
            var limit: Double?
        }
        var figures: [RoleFigures] = []
        for (role, members) in roles.sorted(by: { $0.key < $1.key }) {
            let healthy = members.filter { !segments[$0].isGrowing && !segments[$0].divergent }
            let chosen = healthy.isEmpty ? members : healthy
            var steadies = chosen.compactMap { segments[$0].trend.steadyRSSKB }
            guard let steady = TrendStatistics.median(&steadies) else { continue }
            let peak = chosen.map { segments[$0].segment.samples.map(\.rssKB).max() ?? 0 }.max() ?? steady
            let pids = Set(members.compactMap { segments[$0].series.pid })
            // A budget is about workers: roles with one process (a master, a single Sidekiq) are only "others".
            let limit = members.compactMap { segments[$0].trend.limitKB }.max()
            figures.append(
                RoleFigures(
                    role: role, host: segments[members[0]].series.host,
                    workers: max(pids.count, pids.isEmpty ? members.count : 0),
                    steady: steady, peak: peak, limit: limit))
        }
        var written = 0
        for f in figures where f.workers >= 2 {
            let memory: Double
            let source: String
            let others: Double
            if let machine = t.memoryKB {
                memory = machine
                source = "--memory"
                others = figures.filter { $0.role != f.role && $0.host == f.host }.reduce(0) {
                    $0 + $1.steady * Double($1.workers)
                }
            } else if let limit = f.limit {
                memory = limit
                source = "limit_kb"
                others = 0
            } else {
                continue
            }
            let usable = memory * (1 - t.headroomShare) - others
            let fit = f.peak > 0 ? max(0, Int((usable / f.peak).rounded(.down))) : 0
            try db.execute(
                sql: """
                    INSERT INTO worker_budgets (host, role, workers_seen, steady_rss_kb, peak_rss_kb, memory_kb,
                      memory_source,
                      others_kb, headroom_pct, workers_fit) VALUES (?,?,?,?,?,?,?,?,?,?)
                    """,
                arguments: [
                    f.host, f.role, f.workers, f.steady.rounded(), f.peak.rounded(), memory.rounded(), source,
                    others.rounded(), round2(t.headroomShare * 100), fit,
                ])
            written += 1
        }
        return written
    }
}
