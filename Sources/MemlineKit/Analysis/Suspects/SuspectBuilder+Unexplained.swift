import Foundation
import GRDB

/// Suspects of kind `process` for growth nothing in the logs explains (hedged), while some process leaks or where
/// a step reached a limit, beyond what siblings that levelled off kept, and faster than its siblings grew.
extension SuspectBuilder {
    func unexplainedSuspects(base: Double, explained: [Int: Double]) -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        // When nothing leaks, steps that reached no limit are memory transient work left behind, described by their
        // trend, not named; while a process leaks, another's unexplained step is a lead (ranked after it).
        let leaking = segments.contains { $0.isOngoingLeak(t) }
        for (si, a) in segments.enumerated()
        where a.isGrowing && !a.divergent && !a.warmsUpToSiblings && (leaking || a.reachedLimit)
            && !a.nodeTotalHeld(among: segments)
        {
            let covered = explained[si] ?? 0
            guard covered < 0.5 * a.trend.retainedKB, a.trend.retainedKB >= t.suspectMinKB else { continue }
            // Growing no faster than its siblings' median is how its role grows, not growth of its own; unless it is
            // the one sibling that keeps leaking (its siblings' rate made by steps that stopped), or the one that
            // rose at every sample (theirs made by a few heavy loads).
            let others = segments.indices.filter { $0 != si && segments[$0].series.role == a.series.role }
            let ownGrowth =
                a.isOngoingLeak(t)
                && (!others.contains { segments[$0].isOngoingLeak(t) }
                    || (a.risesAtEverySample && !others.contains { segments[$0].risesAtEverySample }))
            if let siblings = a.siblingKBPerHour, a.kbPerHour <= siblings, !ownGrowth { continue }
            let name = a.series.label
            let reason =
                "Possibly \(name) itself: it kept \(formatMB(a.trend.retainedKB)) "
                + "(\(a.trend.kind.rawValue), \(a.trend.reason)) and no request or job in the logs explains "
                + "\(formatPercent(1 - covered / a.trend.retainedKB)) of it"
            let sql = """
                SELECT ts, rss_kb, line FROM \(a.series.source) WHERE pid IS \(a.series.pid.map(String.init) ?? "NULL")
                  AND host IS \(SQLText.literal(a.series.host))
                  AND ts BETWEEN \(SQLText.literal(AnalysisWriter.iso(a.segment.startMS)))
                  AND \(SQLText.literal(AnalysisWriter.iso(a.segment.endMS))) ORDER BY ts
                """
            out.append(
                SuspectDraft(
                    kind: .process, name: name,
                    score: score(a.trend.retainedKB - covered, base, ConfidenceWeight.unexplained),
                    confident: false,
                    explainedKB: (a.trend.retainedKB - covered).rounded(), reason: reason, sql: sql,
                    evidence: trendEvidence([si]), basis: .process, segments: [si]))
        }
        return out
    }
}
