import GRDB

extension MemlineDatabase {
    /// The GC and RSS samples of every process with GC samples (or only `pid`), one series per host and pid.
    ///
    /// The same sample ingested from several files (inspect, JSON and Logger forms of one run) counts once.
    /// Samples without a time keep their file order after the timed ones.
    public func gcSeries(pid: Int? = nil) throws -> [GCSeries] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ts, host, pid, count, heap_live_slots, heap_allocated_pages, total_allocated_objects,
                           malloc_increase_bytes, old_objects
                    FROM gc_samples WHERE ? IS NULL OR pid = ?
                    ORDER BY host, pid, ts IS NULL, ts, artifact_id, line
                    """,
                arguments: [pid, pid])
            var series: [GCSeries] = []
            var seen = Set<String>()
            for row in rows {
                let host: String? = row["host"]
                let p: Int? = row["pid"]
                let ts = (row["ts"] as String?).flatMap { Timestamp.parseISO($0) }
                // The allocation counter only grows: equal counters in one process are one sample written twice
                // (the Logger line's time may differ by a few ms from the JSON line's).
                if let allocated = row["total_allocated_objects"] as Int? {
                    let key = "\(host ?? "")|\(p.map(String.init) ?? "")|\(allocated)|\(row["count"] as Int? ?? -1)"
                    guard seen.insert(key).inserted else { continue }
                }
                let point = GCSeries.Point(
                    ts: ts, count: row["count"], liveSlots: row["heap_live_slots"],
                    heapPages: row["heap_allocated_pages"],
                    totalAllocated: row["total_allocated_objects"], mallocIncrease: row["malloc_increase_bytes"],
                    oldObjects: row["old_objects"])
                if let last = series.last, last.host == host, last.pid == p {
                    series[series.count - 1].points.append(point)
                } else {
                    series.append(GCSeries(host: host, pid: p, points: [point]))
                }
            }
            for i in series.indices {
                guard let p = series[i].pid else { continue }
                let times = series[i].points.compactMap(\.ts)
                // RSS of the same pid (and host, when known), from a minute before the first GC sample to a
                // minute after the last.
                let from = times.first.map { $0.milliseconds - 60_000 }
                let to = times.last.map { $0.milliseconds + 60_000 }
                let rss = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT ts_ms, rss_kb FROM rss_samples
                        WHERE pid = ? AND (? IS NULL OR host IS NULL OR host = ?)
                          AND (? IS NULL OR ts_ms >= ?) AND (? IS NULL OR ts_ms <= ?)
                        ORDER BY ts_ms
                        """,
                    arguments: [p, series[i].host, series[i].host, from, from, to, to])
                series[i].rss = rss.map { row in (Timestamp(milliseconds: row["ts_ms"]), row["rss_kb"] as Double) }
            }
            return series
        }
    }

    /// One verdict per process with GC samples (`memline gc`).
    public func gcVerdicts(pid: Int? = nil) throws -> [GCVerdict] {
        try gcSeries(pid: pid).map(GCVerdict.init(series:))
    }
}
