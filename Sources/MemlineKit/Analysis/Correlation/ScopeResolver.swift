import GRDB

/// Decides which rows of `requests`/`request_memory` or `jobs` may explain a segment's memory.
///
/// Same pid when the table has rows with that pid. When the segment has a pid but the table's rows carry other
/// pids, nothing in that table ran in the process (a Sidekiq log next to a web worker): no scope. When either side
/// has no pids (a dyno's memory, router logs), the host's rows (or all rows when the host is unknown).
struct ScopeResolver {
    let db: Database
    private var cache: [String: Bool] = [:]

    init(db: Database) { self.db = db }

    private mutating func exists(_ sql: String, _ arguments: StatementArguments = []) throws -> Bool {
        let key = sql + "\(arguments)"
        if let known = cache[key] { return known }
        let value = try Bool.fetchOne(db, sql: "SELECT EXISTS (\(sql))", arguments: arguments) ?? false
        cache[key] = value
        return value
    }

    /// The scope for requests (`tables` = requests, request_memory) or jobs (`tables` = jobs).
    mutating func scope(for series: MemorySeries, tables: [String]) throws -> CorrelationScope? {
        if let pid = series.pid {
            for table in tables where try exists("SELECT 1 FROM \(table) WHERE pid = ?", [pid]) {
                return CorrelationScope(pid: pid, host: nil)
            }
            for table in tables where try exists("SELECT 1 FROM \(table) WHERE pid IS NOT NULL") {
                _ = table
                return nil
            }
        }
        return CorrelationScope(pid: nil, host: series.host)
    }
}
