import Foundation
import GRDB

/// Splits each process's per-request RSS growth into what it kept and what it gave back, per endpoint.
///
/// For one process, in log order, the floor at request k is the lowest RSS logged at or after k. The floor only
/// rises, and request k is credited with the rise it made (`floor[k] - floor[k-1]`); the credits add up to the
/// process's retained growth. The log is settled up to the lowest RSS of its last 10%: what came after (a big
/// transient that was not collected before the log ended) earns no credit and is left out of the floor. A request
/// that grew RSS by 40 MB that a later collection gave back is credited with nothing; a request that kept 200 KB
/// is credited with 200 KB. The same figure, per request, is the view `v_request_retained`. One range scan of
/// the (pid, ts_ms) index per pid; rows are read through the C API and endpoint names interned without a String per
/// row.
enum RequestRetention {
    static let worstKept = 5

    /// Every process's partition, sorted by (host, pid).
    ///
    /// Each pid is one range scan of the (pid, ts_ms) index. With a database file (`path`) and more than one core,
    /// pids are shared out to one read-only connection per core: the scan of 10M rows is SQLite stepping and
    /// table lookups, which split cleanly by pid. The readers see the last committed data, which is what `db`
    /// reads too: the analysis holds the write lock and never writes `request_memory`.
    static func partitions(_ db: Database, path: String? = nil) throws -> [RequestPartition] {
        let pids = try distinctPIDs(db)
        let workers = min(pids.count, ProcessInfo.processInfo.activeProcessorCount)
        var out: [RequestPartition]
        if let path, path != ":memory:", workers > 1 {
            out = try ParallelReaders(path: path, workers: workers).map(pids) { db, pid in
                try partitions(of: pid, db)
            }.flatMap { $0 }
        } else {
            out = try pids.flatMap { try partitions(of: $0, db) }
        }
        out.sort { ($0.host ?? "", $0.pid ?? Int.min) < ($1.host ?? "", $1.pid ?? Int.min) }
        return out
    }

    /// The pids of `request_memory` (nil for rows without one), one index probe each.
    static func distinctPIDs(_ db: Database) throws -> [Int?] {
        var pids: [Int?] = []
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM request_memory WHERE pid IS NULL)") == true {
            pids.append(nil)
        }
        var last = Int.min
        while let pid = try Int.fetchOne(
            db, sql: "SELECT pid FROM request_memory WHERE pid > ? ORDER BY pid LIMIT 1", arguments: [last])
        {
            pids.append(pid)
            last = pid
        }
        return pids
    }

    /// The partitions of one pid (one per host it was logged on), from its rows in (ts_ms, id) order.
    static func partitions(of pid: Int?, _ db: Database) throws -> [RequestPartition] {
        let columns = "host, artifact_id, line, ts_ms, endpoint, delta_kb, rss_kb"
        var cursor =
            if let pid {
                try RawCursor(
                    db, sql: "SELECT \(columns) FROM request_memory WHERE pid = ? ORDER BY ts_ms, id", arguments: [pid])
            } else {
                try RawCursor(db, sql: "SELECT \(columns) FROM request_memory WHERE pid IS NULL ORDER BY ts_ms, id")
            }
        var names = EndpointNames()
        var builders: [PartitionRows] = []  // one per host
        var hosts: [[UInt8]?] = []
        var last = -1
        while try cursor.next() {
            let t = cursor.int64(3)
            // Hosts are compared as bytes kept beside the builders (calling into an element would copy it).
            if last < 0 || !PartitionRows.same(hosts[last], cursor, column: 0) {
                last = hosts.firstIndex { PartitionRows.same($0, cursor, column: 0) } ?? -1
                if last < 0 {
                    let host = cursor.text(0)
                    builders.append(PartitionRows(host: host, pid: pid))
                    hosts.append(host.map { Array($0.utf8) })
                    last = builders.count - 1
                }
            }
            let e = names.index(cursor, column: 4)
            builders[last].append(
                artifact: cursor.int64(1), line: cursor.int64(2), ms: t, endpoint: e, delta: cursor.double(5),
                rss: cursor.double(6))
        }
        return builders.map { reduce($0, names: names.names) }
    }

    /// Reduces one process's rows to its partition.
    static func reduce(_ rows: PartitionRows, names: [String]) -> RequestPartition {
        let ms = rows.ms
        let rss = rows.rss
        let delta = rows.delta
        let endpoint = rows.endpoint
        let artifact = rows.artifact
        let line = rows.line
        var out = RequestPartition(host: rows.host, pid: rows.pid)
        let n = ms.count
        guard n > 0 else { return out }
        out.requests = n
        out.firstMS = ms[0]
        out.lastMS = ms[n - 1]

        let settled = TrendStatistics.tailMinimumIndex(rss) + 1
        var floor = [Double](repeating: 0, count: n)
        var low = Double.infinity
        for k in stride(from: settled - 1, through: 0, by: -1) {
            low = min(low, rss[k])
            floor[k] = low
        }
        var stats = names.map { EndpointGrowthResult(endpoint: $0) }
        var deltas = [[Double]](repeating: [], count: names.count)
        var used = [Bool](repeating: false, count: names.count)
        let warmUpEnd = ms[0] + (ms[n - 1] - ms[0]) * 15 / 100
        for k in 0..<n {
            let credit = k >= settled ? 0 : k == 0 ? max(0, floor[0] - (rss[0] - delta[0])) : floor[k] - floor[k - 1]
            let e = Int(endpoint[k])
            used[e] = true
            stats[e].requests += 1
            stats[e].totalDeltaKB += delta[k]
            stats[e].positiveDeltaKB += max(0, delta[k])
            stats[e].maxDeltaKB = max(stats[e].maxDeltaKB, delta[k])
            stats[e].retainedKB += credit
            stats[e].retainedSquaresKB += credit * credit
            out.retainedSquaresKB += credit * credit
            deltas[e].append(delta[k])
            out.retainedKB += credit
            if credit > 0 {
                stats[e].retaining += 1
                out.retaining += 1
            }
            // Evidence skips the warm-up (the first 15% of the log), where every request of a fresh process grows.
            if credit > 0, ms[k] >= warmUpEnd,
                stats[e].worstRetained.count < worstKept || credit > stats[e].worstRetained[worstKept - 1].retainedKB
            {
                let ref = RequestRef(
                    artifactID: artifact[k], line: Int(line[k]), ms: ms[k], deltaKB: delta[k], retainedKB: credit)
                keepWorst(&stats[e].worstRetained, ref) { $0.retainedKB > $1.retainedKB }
            }
            if delta[k] > 0,
                stats[e].worstDelta.count < worstKept || delta[k] > stats[e].worstDelta[worstKept - 1].deltaKB
            {
                let ref = RequestRef(
                    artifactID: artifact[k], line: Int(line[k]), ms: ms[k], deltaKB: delta[k], retainedKB: credit)
                keepWorst(&stats[e].worstDelta, ref) { $0.deltaKB > $1.deltaKB }
            }
            // Thinned series: the last value in each second.
            let sample = MemorySample(
                ms: ms[k], rssKB: rss[k], limitKB: nil, artifactID: artifact[k], line: Int(line[k]))
            if let last = out.series.last, last.ms / 1000 == ms[k] / 1000 {
                out.series[out.series.count - 1] = sample
            } else {
                out.series.append(sample)
            }
        }
        for e in stats.indices where used[e] {
            stats[e].p95DeltaKB = TrendStatistics.quantileSelect(&deltas[e], 0.95)
        }
        out.endpoints = stats.indices.filter { used[$0] }.map { stats[$0] }.sorted { $0.endpoint < $1.endpoint }
        return out
    }

    /// Keeps the `worstKept` largest by `before`, ties by line (stable across runs).
    static func keepWorst(_ list: inout [RequestRef], _ ref: RequestRef, by before: (RequestRef, RequestRef) -> Bool) {
        if list.count == worstKept, let last = list.last, !before(ref, last) { return }
        list.append(ref)
        list.sort { a, b in before(a, b) || (!before(b, a) && (a.artifactID, a.line) < (b.artifactID, b.line)) }
        if list.count > worstKept { list.removeLast() }
    }
}
