import Foundation
import GRDB

/// A heavy job run a few times raised RSS in steps that stayed. In a garbage-collected runtime that proves nothing
/// kept: heap pages grown for a burst of garbage stay with the process. GC.stat tells: when the objects the runs
/// made (`old_objects`, what survived into the old generation) were freed again by a later major GC, the runs were
/// transient, and their steps are the heap's high-water mark, not a leak.
struct GarbageRuns {
    let db: Database
    let segments: [AnalyzedSegment]
    /// `garbageRunsMaxRuns` (a one-off load, not the work that runs all along), `garbageRunsMinObjects`,
    /// `garbageRunsSettleSeconds` and `garbageRunsFallShare`.
    let t: AnalysisThresholds

    /// Why the job class's runs were transient by GC.stat: they made objects that survived into the old
    /// generation, and a later major GC freed them. Nil when GC.stat does not say so.
    func transient(_ s: SuspectDraft) throws -> String? {
        guard s.kind == .jobClass, s.basis == .timing else { return nil }
        var risen = 0
        var fell = 0
        var runCount = 0
        var low = Int.max
        var peakValue = 0
        for si in s.segments {
            let a = segments[si]
            guard let pid = a.series.pid else { return nil }
            let runs = try runs(of: s.name, pid: pid, from: a.segment.startMS, to: a.segment.endMS)
            let old = try oldObjects(pid: pid, from: a.segment.startMS, to: a.segment.endMS)
            runCount += runs.count
            guard runs.count <= t.garbageRunsMaxRuns else { return nil }
            guard !runs.isEmpty, old.count >= 4 else { continue }
            for run in runs {
                let before = old.last { $0.ms <= run.start }?.value ?? old[0].value
                let settled = run.end + Int64(t.garbageRunsSettleSeconds * 1000)
                let during = old.filter { $0.ms >= run.start && $0.ms <= settled }.map(\.value).max() ?? before
                risen += max(0, during - before)
            }
            let peak = old.filter { $0.ms >= runs[0].start }.map(\.value).max() ?? 0
            let after = old.filter { $0.ms >= runs[runs.count - 1].end }.map(\.value).min() ?? peak
            fell += max(0, peak - after)
            low = min(low, after)
            peakValue = max(peakValue, peak)
        }
        guard runCount <= t.garbageRunsMaxRuns, risen >= t.garbageRunsMinObjects,
            Double(fell) >= t.garbageRunsFallShare * Double(risen)
        else {
            return nil
        }
        return "its \(runCount) run\(runCount == 1 ? "" : "s") raised RSS in steps that stayed, but GC.stat shows "
            + "what they made was freed: old objects rose by \(formatCount(risen)) during them, peaked at "
            + "\(formatCount(peakValue)) and fell back to \(formatCount(low)) after a major GC; heap pages grown for "
            + "garbage stay with a Ruby process, so its steps are the heap's high-water mark, not memory it keeps"
    }

    private func runs(of jobClass: String, pid: Int, from: Int64, to: Int64) throws -> [(start: Int64, end: Int64)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT ts_start, coalesce(ts_end, ts_start) AS ts_end FROM jobs
                WHERE class = ? AND pid = ? AND ts_start <= ? AND coalesce(ts_end, ts_start) >= ? ORDER BY ts_start
                """,
            arguments: [jobClass, pid, Timestamp(milliseconds: to).iso8601, Timestamp(milliseconds: from).iso8601]
        ).compactMap { row in
            guard let start = GrowthWindow.ms(row["ts_start"]), let end = GrowthWindow.ms(row["ts_end"]) else {
                return nil
            }
            return (start, end)
        }
    }

    private func oldObjects(pid: Int, from: Int64, to: Int64) throws -> [(ms: Int64, value: Int)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT ts, old_objects FROM gc_samples
                WHERE pid = ? AND old_objects IS NOT NULL AND ts BETWEEN ? AND ? ORDER BY ts
                """,
            arguments: [pid, Timestamp(milliseconds: from).iso8601, Timestamp(milliseconds: to).iso8601]
        ).compactMap { row in GrowthWindow.ms(row["ts"]).map { ($0, row["old_objects"]) } }
    }
}
