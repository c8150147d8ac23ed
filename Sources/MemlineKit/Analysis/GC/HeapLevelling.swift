import Foundation
import GRDB

/// A leak whose runtime says it stopped retaining: Ruby's live objects (`GC.stat` heap_live_slots) held still over
/// the last `settledAfterJumpShare` of the segment while RSS crept at most `heapLevelledCreepShare` of its growth
/// there, at least half way up their rise. A cache that filled until late leaves a slow creep of allocator pages
/// behind it; a leak keeps adding live objects, and a native leak keeps RSS rising as fast as before, beside a heap
/// no fuller than it began. Such a segment is a plateau.
enum HeapLevelling {
    static func apply(_ segments: inout [AnalyzedSegment], _ db: Database, thresholds t: AnalysisThresholds) throws {
        guard try db.tableExists("gc_samples") else { return }
        for i in segments.indices where segments[i].trend.kind == .leak {
            let a = segments[i]
            guard let pid = a.series.pid, let reason = try levelled(a, pid: pid, db, t) else { continue }
            segments[i].trend.kind = .plateau
            segments[i].trend.confidence = "medium"
            segments[i].trend.reason = reason
        }
    }

    private static func levelled(_ a: AnalyzedSegment, pid: Int, _ db: Database, _ t: AnalysisThresholds) throws
        -> String?
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT ts, heap_live_slots FROM gc_samples
                WHERE pid = ? AND ts BETWEEN ? AND ? AND heap_live_slots IS NOT NULL ORDER BY ts
                """,
            arguments: [
                pid, Timestamp(milliseconds: a.segment.startMS).iso8601,
                Timestamp(milliseconds: a.segment.endMS).iso8601,
            ])
        let live = rows.compactMap { row -> (ms: Int64, slots: Int)? in
            guard let ts = Timestamp.parseISO(row["ts"] as String) else { return nil }
            return (ts.milliseconds, row["heap_live_slots"])
        }
        guard live.count >= 6, let first = live.first, let peak = live.map(\.slots).max(), peak > first.slots else {
            return nil
        }
        let duration = a.segment.endMS - a.segment.startMS
        let from = a.segment.endMS - Int64(t.settledAfterJumpShare * Double(duration))
        let after = live.filter { $0.ms > from }
        // …held where a filled cache holds: at least half way up its rise. A heap that ends no fuller than it began
        // never held what RSS kept: that growth is outside it (native memory), and the leak stands.
        guard after.count >= 3, let base = after.first, let high = after.map(\.slots).max(),
            Double(high - base.slots) <= t.settledTailShare * Double(peak - first.slots),
            Double(base.slots - first.slots) >= 0.5 * Double(peak - first.slots)
        else { return nil }
        // RSS over the same stretch: a slow creep only, not the climb of memory outside the heap.
        let samples = a.segment.samples.filter { $0.ms > from }.map(\.rssKB)
        guard let low = samples.min(), let top = samples.max(), a.trend.retainedKB > 0,
            top - low <= t.heapLevelledCreepShare * a.trend.retainedKB
        else { return nil }
        return "RSS grew \(formatMB(a.trend.retainedKB)) and then crept \(formatMB(top - low)) over its last "
            + "\(formatDuration(Double(a.segment.endMS - from) / 1000)) while Ruby's live objects held at "
            + "\(formatCount(high)) (GC.stat heap_live_slots, up from \(formatCount(first.slots))): the heap stopped "
            + "retaining; what creeps is the allocator's pages, not a leak"
    }
}
