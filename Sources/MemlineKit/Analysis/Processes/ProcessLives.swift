import GRDB

/// Numbers the lives of sampled Erlang processes. A node restarted (a new OS process) numbers its processes
/// afresh: the same pid, or the same name sampled without pids, is then another process. Its reductions, counted
/// from its start, fall: a new life.
///
/// Only processes whose reductions count from their start mark lives so: they fell once, or in at most a tenth of
/// their steps (restarts). A sampler that records reductions per interval (`recon:proc_window`) makes them fall half
/// the time; those never mark a new life.
struct ProcessLives {
    private let cumulative: Set<String>
    private var last: [String: (reductions: Int, life: Int)] = [:]

    /// Reads which processes count their reductions from their start among the samples `conditions` select.
    init(_ db: Database, conditions: [String], arguments: StatementArguments) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT process, sum(reductions < previous) AS falls, count(previous) AS steps FROM (
                    SELECT coalesce(pid, registered_name) AS process, reductions,
                           lag(reductions) OVER (PARTITION BY coalesce(pid, registered_name) ORDER BY ts, id) AS previous
                    FROM process_samples
                    WHERE \(conditions.joined(separator: " AND ")) AND reductions IS NOT NULL)
                GROUP BY process
                """, arguments: arguments)
        cumulative = Set(
            rows.compactMap { row -> String? in
                let falls: Int = row["falls"] ?? 0
                let steps: Int = row["steps"] ?? 0
                return falls <= max(1, steps / 10) ? row["process"] : nil
            })
    }

    /// The life (0 for the first) of the process `id` (its pid, else its name) at its next sample, read in time order.
    mutating func life(of id: String, reductions: Int?) -> Int {
        var life = last[id]?.life ?? 0
        if let reductions, let previous = last[id]?.reductions, reductions < previous, cumulative.contains(id) {
            life += 1
        }
        last[id] = (reductions ?? last[id]?.reductions ?? 0, life)
        return life
    }
}
