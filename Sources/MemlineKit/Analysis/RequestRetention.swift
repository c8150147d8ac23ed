import GRDB

/// Splits each process's per-request RSS growth into what it kept and what it gave back, per endpoint.
///
/// For one process, in log order, the floor at request k is the lowest RSS logged at or after k. The floor only
/// rises, and request k is credited with the rise it made (`floor[k] - floor[k-1]`); the credits add up to the
/// process's retained growth. The log is settled up to the lowest RSS of its last 10%: what came after (a big
/// transient that was not collected before the log ended) earns no credit and is left out of the floor. A request that grew RSS by 40 MB that a later collection gave back is credited with
/// nothing; a request that kept 200 KB is credited with 200 KB. The same figure, per request, is the view
/// `v_request_retained`. One streaming pass per process; rows are read through the C API.
enum RequestRetention {
    static let worstKept = 5

    static func partition(_ db: Database, host: String?, pid: Int?) throws -> RequestPartition {
        var cursor = try RawCursor(
            db,
            sql: """
                SELECT artifact_id, line, ts, endpoint, delta_kb, rss_kb FROM request_memory
                WHERE pid IS ? AND host IS ? ORDER BY ts, id
                """, arguments: [pid, host])
        var ms: [Int64] = [], rss: [Double] = [], delta: [Double] = [], endpoint: [Int32] = []
        var artifact: [Int64] = [], line: [Int32] = []
        var names: [String] = []
        var index: [String: Int32] = [:]
        while try cursor.next() {
            guard let t = cursor.milliseconds(2) else { continue }
            let name = cursor.text(3) ?? "?"
            let e: Int32
            if let known = index[name] {
                e = known
            } else {
                e = Int32(names.count)
                names.append(name)
                index[name] = e
            }
            artifact.append(cursor.int64(0)); line.append(Int32(truncatingIfNeeded: cursor.int64(1)))
            ms.append(t); endpoint.append(e); delta.append(cursor.double(4)); rss.append(cursor.double(5))
        }
        var out = RequestPartition(host: host, pid: pid)
        let n = ms.count
        guard n > 0 else { return out }
        out.requests = n
        out.firstMS = ms[0]
        out.lastMS = ms[n - 1]

        // Growth after the lowest RSS of the last 10% of the log cannot be told from a transient that was not
        // collected yet: it earns no credit, and the floor is taken up to that point only.
        let settled = TrendStatistics.tailMinimumIndex(rss) + 1
        var floor = [Double](repeating: 0, count: n)
        var low = Double.infinity
        for k in stride(from: settled - 1, through: 0, by: -1) {
            low = min(low, rss[k])
            floor[k] = low
        }
        var stats = names.map { EndpointGrowthResult(endpoint: $0) }
        var deltas = [[Double]](repeating: [], count: names.count)
        for k in 0..<n {
            let credit = k >= settled ? 0 : k == 0 ? max(0, floor[0] - (rss[0] - delta[0])) : floor[k] - floor[k - 1]
            let e = Int(endpoint[k])
            stats[e].requests += 1
            stats[e].totalDeltaKB += delta[k]
            stats[e].positiveDeltaKB += max(0, delta[k])
            stats[e].maxDeltaKB = max(stats[e].maxDeltaKB, delta[k])
            stats[e].retainedKB += credit
            deltas[e].append(delta[k])
            out.retainedKB += credit
            if credit > 0 {
                stats[e].retaining += 1
                out.retaining += 1
            }
            let ref = RequestRef(
                artifactID: artifact[k], line: Int(line[k]), ms: ms[k], deltaKB: delta[k], retainedKB: credit)
            if credit > 0 { keepWorst(&stats[e].worstRetained, ref) { $0.retainedKB > $1.retainedKB } }
            if delta[k] > 0 { keepWorst(&stats[e].worstDelta, ref) { $0.deltaKB > $1.deltaKB } }
            // Thinned series: the last value in each second.
            let second = ms[k] / 1000
            let sample = MemorySample(ms: ms[k], rssKB: rss[k], limitKB: nil, artifactID: artifact[k], line: Int(line[k]))
            if let last = out.series.last, last.ms / 1000 == second {
                out.series[out.series.count - 1] = sample
            } else {
                out.series.append(sample)
            }
        }
        for e in stats.indices {
            deltas[e].sort()
            stats[e].p95DeltaKB = TrendStatistics.quantile(sorted: deltas[e], 0.95)
        }
        out.endpoints = stats.sorted { $0.endpoint < $1.endpoint }
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
