import GRDB

/// Which requests and jobs may explain a process's memory: its own (same pid) when the table has pids,
/// else those of its host, else all of them.
struct CorrelationScope: Sendable, Hashable {
    var pid: Int?
    var host: String?

    /// The SQL condition (with its arguments) selecting the scope's rows in a table with `pid` and `host` columns.
    var condition: (sql: String, arguments: [(any DatabaseValueConvertible)?]) {
        if let pid { return ("pid = ?", [pid]) }
        if let host { return ("(host = ? OR host IS NULL)", [host]) }
        return ("1", [])
    }

    var description: String {
        if let pid { return "pid \(pid)" }
        if let host { return "host \(host)" }
        return "all processes"
    }
}
