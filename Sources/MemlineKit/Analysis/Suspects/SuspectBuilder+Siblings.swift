import Foundation
import GRDB

/// Suspects of kind `process`: a sibling that grows far faster than its role's median, unless all it did was a step
/// that settled.
extension SuspectBuilder {
    /// - Parameter servedAlone: work only a leaking process ran (`servedAloneSuspects`): what its siblings did not get.
    func processSuspects(base: Double, servedAlone: [SuspectDraft] = []) throws -> [SuspectDraft] {
        var byRole: [String: [Int]] = [:]
        for (si, a) in segments.enumerated() where a.divergent { byRole[a.series.role, default: []].append(si) }
        let gc = try GCCheck(db)
        var out: [SuspectDraft] = []
        for (role, members) in byRole.sorted(by: { $0.key < $1.key }) {
            let siblings = segments.indices.filter {
                segments[$0].series.role == role && !segments[$0].divergent && segments[$0].trend.kind != .short
            }
            var verdicts: [(Int, GCCheck.Verdict)] = []
            for si in members {
                if let pid = segments[si].series.pid,
                    let v = try gc.verdict(
                        db, pid: pid, fromMS: segments[si].segment.startMS, toMS: segments[si].segment.endMS)
                {
                    verdicts.append((si, v))
                }
            }
            // A step that settled (one load whose pages the allocator kept, flat since) ran the same as its
            // siblings, once heavier; unless its GC never runs, and it keeps all it allocates.
            let settled = members.filter { si in
                segments[si].hasSettled(t) && !verdicts.contains { $0.0 == si && $0.1.neverRan }
            }
            guard settled.count < members.count else { continue }
            let alone = servedAlone.filter { !Set($0.segments).isDisjoint(with: members) }
            out.append(siblingDraft(members, siblings: siblings, verdicts: verdicts, alone: alone, base: base))
        }
        return out
    }

    /// The divergent segments of one role (a worker slot and its restarts) against their siblings.
    private func siblingDraft(
        _ members: [Int], siblings: [Int], verdicts: [(Int, GCCheck.Verdict)], alone: [SuspectDraft], base: Double
    ) -> SuspectDraft {
        let median = segments[members[0]].siblingKBPerHour ?? 0
        var excess = 0.0
        var kept = 0.0
        var hours = 0.0
        for si in members {
            let a = segments[si]
            excess += max(0, a.trend.retainedKB - median * a.hours)
            kept += a.trend.retainedKB
            hours += a.hours
        }
        let pids = members.compactMap { segments[$0].series.pid }
        let first = segments[members[0]].series
        let pidList = pids.map(String.init).joined(separator: ", ")
        let pidText = pids.isEmpty ? "" : (pids.count == 1 ? " pid " : " pids ") + pidList
        let name =
            (first.process.map(ProcessRole.shown) ?? "process") + pidText + (first.host.map { " on \($0)" } ?? "")
        let rate = kept / 1024 / max(hours, 1e-9)
        let factor = median > 0 ? (kept / max(hours, 1e-9)) / median : .infinity
        // Outpacing its siblings says which process, not why: in a garbage-collected runtime a worker that got the
        // heavy requests outpaces them too, and one killed at the top of such a jump looks like a leak. It is
        // confident only when something says why (its GC never runs, or it ran work they did not), or when the
        // divergence cannot be one heavy load: it grew again after a restart, or it rose steadily at every stage
        // of a long series (a high-confidence leak).
        let never = verdicts.first { $0.1.neverRan }
        let steady = members.allSatisfy { segments[$0].trend.kind == .leak && segments[$0].trend.confidence == "high" }
        let confident = siblings.count >= 2 && (never != nil || !alone.isEmpty || members.count > 1 || steady)
        var reason =
            "\(name) kept \(formatMB(kept)) in \(formatDuration(hours * 3600)) (\(formatRate(rate))) "
            + "while its \(siblings.count) sibling segment\(siblings.count == 1 ? "" : "s") kept a median "
            + "\(formatRate(median / 1024))"
            + (factor.isFinite ? ": " + String(format: "%.0f", factor) + "× faster" : "")
        if members.count > 1 {
            reason += ", and it grew again after \(members.count - 1) restart\(members.count > 2 ? "s" : "")"
        }
        if let never {
            reason +=
                "; GC count stayed at \(never.1.countFirst) over \(never.1.samples) GC.stat samples: GC never runs"
        } else if !alone.isEmpty {
            let names = alone.map { "\($0.kind == .jobClass ? "job" : "endpoint") \($0.name)" }
            reason += "; it ran work its siblings did not: " + names.joined(separator: ", ")
        } else if verdicts.isEmpty {
            reason +=
                "; without GC statistics memline cannot tell whether it runs differently (GC disabled in an "
                + "after_fork hook?) or gets work its siblings do not (sticky routing by client address, a queue "
                + "only it reads): sample GC.stat, or log each request with its pid, to tell"
        }
        if !confident { reason = "Possibly " + reason }
        return SuspectDraft(
            kind: .process, name: name, score: score(excess, base, ConfidenceWeight.of(confident)),
            confident: confident, explainedKB: excess.rounded(), reason: reason, sql: siblingSQL(first),
            evidence: Array(siblingEvidence(members, siblings: siblings, verdicts: verdicts).prefix(t.evidenceRows)),
            basis: .process, segments: members)
    }

    /// Its segments' first and last RSS, its siblings' last, and the GC.stat counts.
    private func siblingEvidence(_ members: [Int], siblings: [Int], verdicts: [(Int, GCCheck.Verdict)])
        -> [EvidenceDraft]
    {
        var evidence: [EvidenceDraft] = []
        for si in members.prefix(3) {
            let s = segments[si].segment
            if let a = s.samples.first, let b = s.samples.last {
                evidence.append(
                    EvidenceDraft(
                        label: "RSS of pid \(s.series.pid.map(String.init) ?? "?") at its start",
                        artifactID: a.artifactID,
                        line: a.line, lineEnd: nil, ms: a.ms, value: formatMB(a.rssKB)))
                evidence.append(
                    EvidenceDraft(
                        label: "RSS of pid \(s.series.pid.map(String.init) ?? "?") at its end",
                        artifactID: b.artifactID,
                        line: b.line, lineEnd: nil, ms: b.ms, value: formatMB(b.rssKB)))
            }
        }
        for si in siblings.prefix(3) {
            let s = segments[si].segment
            if let b = s.samples.last {
                evidence.append(
                    EvidenceDraft(
                        label: "sibling pid \(s.series.pid.map(String.init) ?? "?") at its end",
                        artifactID: b.artifactID,
                        line: b.line, lineEnd: nil, ms: b.ms,
                        value: "\(formatMB(b.rssKB)), kept \(formatMB(segments[si].trend.retainedKB))"))
            }
        }
        for (_, v) in verdicts.prefix(2) {
            evidence.append(
                EvidenceDraft(
                    label: "GC.stat count", artifactID: v.artifactID, line: v.lineFirst, lineEnd: v.lineLast,
                    ms: nil,
                    value: "count \(v.countFirst) → \(v.countLast) over \(v.samples) samples"))
        }
        return evidence
    }

    /// The role's processes by how far their RSS moved.
    private func siblingSQL(_ first: MemorySeries) -> String {
        let processCondition = first.source == "rss_samples" ? " AND process IS \(SQLText.literal(first.process))" : ""
        return """
            SELECT pid, min(ts) AS first_ts, max(ts) AS last_ts, count(*) AS samples, min(rss_kb) AS min_kb,
                   max(rss_kb) AS max_kb
            FROM \(first.source == "rss_samples" ? "rss_samples" : "request_memory")
            WHERE host IS \(SQLText.literal(first.host))\(processCondition)
            GROUP BY pid ORDER BY max_kb - min_kb DESC
            """
    }
}
