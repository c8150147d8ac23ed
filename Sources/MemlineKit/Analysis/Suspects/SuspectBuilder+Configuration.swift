import Foundation
import GRDB

/// Suspects of kind `configuration`: GC never ran while the process grew.
extension SuspectBuilder {
    func gcSuspects(base: Double) throws -> [SuspectDraft] {
        let gc = try GCCheck(db)
        guard gc.available else { return [] }
        var pids: [Int] = []
        var never: [Int] = []
        var kept = 0.0
        var evidence: [EvidenceDraft] = []
        for (si, a) in segments.enumerated() where a.isGrowing {
            guard let pid = a.series.pid,
                let v = try gc.verdict(db, pid: pid, fromMS: a.segment.startMS, toMS: a.segment.endMS),
                v.neverRan
            else { continue }
            pids.append(pid)
            never.append(si)
            kept += a.trend.retainedKB
            evidence.append(
                EvidenceDraft(
                    label: "GC.stat of pid \(pid)", artifactID: v.artifactID, line: v.lineFirst, lineEnd: v.lineLast,
                    ms: a.segment.startMS, value: "count stayed at \(v.countFirst) over \(v.samples) samples"))
        }
        guard !pids.isEmpty else { return [] }
        let reason =
            "GC never ran in pid \(pids.map(String.init).joined(separator: ", ")) while it kept "
            + "\(formatMB(kept)): its GC.stat count did not move (GC.disable, say in an after_fork hook)"
        let sql = """
            SELECT pid, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS samples, min(count) AS gc_count_min,
                   max(count) AS gc_count_max
            FROM gc_samples WHERE pid IN \(SQLText.list(pids)) GROUP BY pid ORDER BY pid
            """
        return [
            SuspectDraft(
                kind: .configuration, name: "GC never runs", score: score(kept, base, ConfidenceWeight.confident),
                confident: true,
                explainedKB: kept.rounded(), reason: reason, sql: sql, evidence: Array(evidence.prefix(t.evidenceRows)),
                basis: .configuration, segments: never)
        ]
    }
}
