import GRDB

/// Compares what ran in a window with the equal windows just before and after it (the spike-window against before-and-after comparison).
///
/// Requests come from `requests` (by start) when the scope has any, else from the per-request RSS lines
/// (`request_memory`, by log time); jobs from `jobs` (by start). Windows are half-open, (start, end], and the
/// outside windows are clipped to the time the source covers for that scope. Per item: the rate ratio
/// (with +0.5 on both counts) and the exact one-sided binomial p-value of the window count given the total,
/// with the window's share of the compared time as the probability: a conditional Poisson rate test. Each
/// query is an index range scan on (pid, time) or (time).
struct WindowCounter {
    let db: Database
    private var extents: [String: (Int64, Int64)?] = [:]
    private var requestSource: [CorrelationScope: String] = [:]

    init(db: Database) { self.db = db }

    /// The table and time column that hold requests for `scope`.
    mutating func requestTable(_ scope: CorrelationScope) throws -> (table: String, ts: String)? {
        if let known = requestSource[scope] {
            return known.isEmpty ? nil : (known, known == "requests" ? "ts_start" : "ts_ms")
        }
        let c = scope.condition
        var chosen = ""
        for table in ["requests", "request_memory"] {
            let ts = table == "requests" ? "ts_start" : "ts_ms"
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE \(c.sql) AND \(ts) IS NOT NULL)",
                arguments: StatementArguments(c.arguments)) == true
            {
                chosen = table
                break
            }
        }
        requestSource[scope] = chosen
        return chosen.isEmpty ? nil : (chosen, chosen == "requests" ? "ts_start" : "ts_ms")
    }

    /// Whether a time column holds milliseconds (`request_memory.ts_ms`) rather than ISO-8601 text.
    private static func inMilliseconds(_ column: String) -> Bool { column.hasSuffix("_ms") }

    private mutating func extent(table: String, ts: String, scope: CorrelationScope) throws -> (Int64, Int64)? {
        let key = "\(table)|\(scope.pid.map(String.init) ?? "-")|\(scope.host ?? "-")"
        if let known = extents[key] { return known }
        let c = scope.condition
        let row = try Row.fetchOne(
            db,
            // Two subqueries: SQLite answers a lone min() or max() from the (pid, time) index without a scan.
            sql: "SELECT (SELECT min(\(ts)) FROM \(table) WHERE \(c.sql)) AS a, "
                + "(SELECT max(\(ts)) FROM \(table) WHERE \(c.sql)) AS b",
            arguments: StatementArguments(c.arguments + c.arguments))
        var value: (Int64, Int64)?
        if Self.inMilliseconds(ts) {
            if let a: Int64 = row?["a"], let b: Int64 = row?["b"] { value = (a, b) }
        } else if let a: String = row?["a"], let b: String = row?["b"], let ta = Timestamp.parseISO(a),
            let tb = Timestamp.parseISO(b)
        {
            value = (ta.milliseconds, tb.milliseconds)
        }
        extents[key] = value
        return value
    }

    /// Per endpoint (`itemKind` "endpoint") or job class ("job_class") in the window (start, end].
    mutating func counts(itemKind: String, scope: CorrelationScope, startMS: Int64, endMS: Int64) throws
        -> [WindowCount]
    {
        let table: String
        let ts: String
        let item: String
        if itemKind == "endpoint" {
            guard let source = try requestTable(scope) else { return [] }
            table = source.table
            ts = source.ts
            item = table == "requests" ? "coalesce(endpoint, action, path, '?')" : "endpoint"
        } else {
            table = "jobs"
            ts = "ts_start"
            item = "coalesce(class, '?')"
        }
        guard let (dataStart, dataEnd) = try extent(table: table, ts: ts, scope: scope) else { return [] }
        let width = max(endMS - startMS, 1000)
        let windowStart = endMS - width
        let beforeStart = max(windowStart - width, dataStart - 1)
        let afterEnd = min(endMS + width, dataEnd)
        let outside = Double(max(0, windowStart - beforeStart) + max(0, afterEnd - endMS)) / 1000
        // Too little time around the window (a process's whole life): nothing to compare with, so no scan.
        guard outside >= max(1, 0.05 * Double(width) / 1000) else { return [] }
        let time = { (ms: Int64) -> any DatabaseValueConvertible in
            Self.inMilliseconds(ts) ? ms : Timestamp(milliseconds: ms).iso8601
        }
        let c = scope.condition
        var arguments: [(any DatabaseValueConvertible)?] = [
            time(windowStart), time(endMS), time(windowStart), time(endMS),
        ]
        arguments += c.arguments
        arguments += [time(beforeStart), time(max(afterEnd, endMS))]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(item) AS item,
                       sum(\(ts) > ? AND \(ts) <= ?) AS n_window,
                       sum(\(ts) <= ?) AS n_before,
                       sum(\(ts) > ?) AS n_after
                FROM \(table) WHERE \(c.sql) AND \(ts) > ? AND \(ts) <= ?
                GROUP BY 1 ORDER BY 1
                """, arguments: StatementArguments(arguments))
        let windowSeconds = Double(width) / 1000
        return rows.map { row in
            let k: Int = row["n_window"] ?? 0
            let b: Int = row["n_before"] ?? 0
            let a: Int = row["n_after"] ?? 0
            let total = k + a + b
            let share = outside > 0 ? windowSeconds / (windowSeconds + outside) : 1
            let p = outside > 0 ? BinomialTest.upperTail(k: k, n: total, p: share) : 1
            let ratio = outside > 0 ? ((Double(k) + 0.5) / windowSeconds) / ((Double(a + b) + 0.5) / outside) : 0
            return WindowCount(
                itemKind: itemKind, item: row["item"] ?? "?", nWindow: k, nBefore: b, nAfter: a,
                windowSeconds: windowSeconds, outsideSeconds: outside, rateRatio: round3(ratio), pValue: p)
        }
    }
}
