import Foundation
import GRDB

/// Suspects of kind `endpoint` or `job_class` that only the leaking process served, while its siblings (the same
/// role), which served the rest of the traffic and none of it, did not keep growing, or kept clearly less
/// (`servedAloneSiblingKeptShare`): then the work explains the excess.
///
/// A balancer that pins a tenant to one worker (a consistent hash, sticky sessions), or a queue only one worker
/// reads, makes the work that leaks one worker's alone. When it runs all along, timing cannot single it out; who ran
/// it can. Named hedged: the work is a difference between the workers, not measured growth.
extension SuspectBuilder {
    func servedAloneSuspects(base: Double, explained: inout [Int: Double]) throws -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        for (si, a) in segments.enumerated() where a.isOngoingLeak(t) {
            guard let pid = a.series.pid else { continue }
            // Siblings that did not keep growing, or kept clearly less: the work only this process ran is then
            // what sets it apart (all of its growth, or the excess over theirs).
            let siblings = segments.filter {
                $0.series.role == a.series.role && $0.series.pid != nil && $0.series.pid != pid
                    && $0.trend.kind != .short
                    && (!$0.isGrowing || $0.trend.retainedKB <= t.servedAloneSiblingKeptShare * a.trend.retainedKB)
            }
            let siblingPids = Set(siblings.compactMap(\.series.pid))
            guard !siblingPids.isEmpty else { continue }
            // What those siblings kept while growing too: the work then explains only the excess over it.
            let siblingKept = siblings.filter(\.isGrowing).map(\.trend.retainedKB).max()
            for work in [IntervalWork.requests, .jobs] {
                let alone = try servedAlone(work, pid: pid, siblings: siblingPids, host: a.series.host)
                // One or two names tell the worker apart; more is a worker whose traffic differs altogether.
                guard !alone.isEmpty, alone.count <= t.servedAloneMaxNames else { continue }
                for w in alone {
                    out.append(
                        draft(work, w, si: si, siblings: siblingPids.sorted(), siblingKept: siblingKept, base: base))
                }
                explained[si, default: 0] = max(explained[si] ?? 0, a.trend.retainedKB)
            }
        }
        return out
    }

    /// The work of one name: its count on the leaking process, and on its siblings together.
    struct ServedWork {
        var name: String
        var count: Int
        var siblingCount: Int
        var total: Int
        var siblingTotal: Int
    }

    /// Names run at least `servedAloneMinCount` times on `pid`, a real share of its work, and at most
    /// `servedAloneMaxSiblingShare` of their runs on siblings that themselves ran plenty of other work.
    private func servedAlone(_ work: IntervalWork, pid: Int, siblings: Set<Int>, host: String?) throws
        -> [ServedWork]
    {
        let pids = ([pid] + siblings.sorted()).map(String.init).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT \(work.nameSQL()) AS name, sum(pid = ?) AS here, sum(pid <> ?) AS there
                FROM \(work.table) WHERE pid IN (\(pids)) AND (host IS NULL OR ? IS NULL OR host = ?)
                GROUP BY 1
                """, arguments: [pid, pid, host, host])
        let counts = rows.compactMap { row -> (String, Int, Int)? in
            guard let name: String = row["name"], name != "?" else { return nil }
            return (name, row["here"] ?? 0, row["there"] ?? 0)
        }
        let total = counts.reduce(0) { $0 + $1.1 }
        let siblingTotal = counts.reduce(0) { $0 + $1.2 }
        guard siblingTotal >= t.servedAloneMinCount * siblings.count else { return [] }
        return counts.filter { name, here, there in
            here >= t.servedAloneMinCount && Double(here) >= t.servedAloneMinShare * Double(total)
                && Double(there) <= t.servedAloneMaxSiblingShare * Double(here + there)
        }.map { ServedWork(name: $0.0, count: $0.1, siblingCount: $0.2, total: total, siblingTotal: siblingTotal) }
    }

    private func draft(
        _ work: IntervalWork, _ w: ServedWork, si: Int, siblings: [Int], siblingKept: Double?, base: Double
    ) -> SuspectDraft {
        let a = segments[si]
        let pid = a.series.pid ?? 0
        let others = siblings.map { "pid \($0)" }.joined(separator: ", ")
        let explained = a.trend.retainedKB - (siblingKept ?? 0)
        let theirs =
            siblingKept.map { "kept at most \(formatMB($0)), \(formatMB(explained)) less" } ?? "did not keep growing"
        let reason =
            "Possibly: only \(a.series.label) ran \(work.units(of: w.name)) (\(w.count) of its \(w.total) "
            + "\(work.unit)s; \(w.siblingCount) of \(w.siblingTotal) on its siblings \(others)), and it kept "
            + "\(formatMB(a.trend.retainedKB)) (\(a.trend.kind.rawValue)) while they, running the rest of the same "
            + "work, \(theirs); who ran it, not when, ties it to the growth"
        let list = ([pid] + siblings).map(String.init).joined(separator: ", ")
        let sql = """
            SELECT pid, \(work.nameSQL()) AS name, count(*) AS \(work.unit)s FROM \(work.table)
            WHERE pid IN (\(list)) GROUP BY 1, 2 ORDER BY 2, 1
            """
        return SuspectDraft(
            kind: work.kind, name: w.name, score: score(explained, base, ConfidenceWeight.hedged),
            confident: false, explainedKB: explained.rounded(), reason: reason, sql: sql,
            evidence: trendEvidence([si]), basis: .servedAlone, segments: [si])
    }
}
