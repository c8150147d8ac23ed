import Foundation
import GRDB

/// Who adds to what is retained: the endpoint or job whose name ties it to the code that allocated the retained
/// objects, and that ran on the same process while they accumulated.
///
/// A heap diff names an allocation site (`app.rb:72` in `remember_session`), a heap profile a function; neither
/// names the request or job that calls it. Applications name code after what it serves, so an endpoint or job
/// class sharing a word with the site's file and methods, or the function's name (`NameTokens`), is the candidate,
/// when exactly one candidate shares the most words and it ran on the retaining process between the snapshots.
/// Its requests or runs there give the objects retained per request. A name is no proof: the suspect is always
/// "possibly", ranked right after what it allocates. Candidates the evidence ruled out are never tied.
struct AllocatingWork {
    let db: Database
    let segments: [AnalyzedSegment]
    let correlations: CorrelationResults
    let thresholds: AnalysisThresholds

    /// A retained suspect's code: the words of its name and where (process, time) it accumulated.
    private struct Retained {
        var draft: SuspectDraft
        var words: Set<String>
        var code: String
        var segment: Int
        var fromMS: Int64
        var toMS: Int64
        var between: String
        var objects: Int?
    }

    private struct Candidate {
        var kind: SuspectKind
        var name: String
        var words: Set<String>
        var count: Int
        var first: (artifactID: Int64, line: Int, ms: Int64?)?
    }

    func suspects(for drafts: [SuspectDraft], ruledOut: [RuledOutDraft]) throws -> [SuspectDraft] {
        let excluded = Set(ruledOut.map { "\($0.kind.rawValue) \($0.name)" })
        var out: [SuspectDraft] = []
        var scopes = ScopeResolver(db: db)
        for d in drafts where d.basis == .retained && [.allocationSite, .function].contains(d.kind) {
            guard let r = try retained(d), !r.words.isEmpty else { continue }
            let series = segments[r.segment].series
            var candidates: [Candidate] = []
            if let scope = try scopes.scope(for: series, tables: ["requests", "request_memory"]) {
                candidates += try endpoints(scope, r)
            }
            if let scope = try scopes.scope(for: series, tables: ["jobs"]) { candidates += try jobs(scope, r) }
            candidates = candidates.filter { !excluded.contains("\($0.kind.rawValue) \($0.name)") && $0.count > 0 }
            let scored = candidates.map { ($0, $0.words.intersection(r.words)) }.filter { !$0.1.isEmpty }
            guard let best = scored.max(by: { $0.1.count < $1.1.count }),
                scored.filter({ $0.1.count == best.1.count }).count == 1
            else { continue }
            out.append(draft(best.0, shared: best.1, r, series: series))
        }
        return out
    }

    private func draft(_ c: Candidate, shared: Set<String>, _ r: Retained, series: MemorySeries) -> SuspectDraft {
        let noun = c.kind == .endpoint ? "request" : "run"
        let plural = c.count == 1 ? noun : noun + "s"
        var reason =
            "Possibly adds to what \(r.code) retains: its name shares "
            + shared.sorted().map { "“\($0)”" }.joined(separator: ", ")
            + " with the code that allocated the retained objects, and \(formatCount(c.count)) of its \(plural) ran "
            + "on \(series.label) \(r.between)"
        if let objects = r.objects, objects > 0 {
            let each = Double(objects) / Double(c.count)
            reason +=
                ", about \(formatCount(Int(each.rounded()))) retained object\(each.rounded() == 1 ? "" : "s") per "
                + noun
        }
        reason +=
            "; a shared name is no proof: a heap snapshot taken before and after a few of its \(plural) would tell"
        var evidence: [EvidenceDraft] = []
        if let f = c.first {
            evidence.append(
                EvidenceDraft(
                    label: "first \(noun) of \(c.name) on \(series.label) \(r.between)", artifactID: f.artifactID,
                    line: f.line, lineEnd: nil, ms: f.ms, value: "\(formatCount(c.count)) in all"))
        }
        evidence += r.draft.evidence.prefix(max(0, thresholds.evidenceRows - evidence.count - 1))
        var tied = SuspectDraft(
            kind: c.kind, name: c.name, score: round2(r.draft.score * ConfidenceWeight.hedged), confident: false,
            explainedKB: r.draft.explainedKB, reason: reason, sql: countSQL(c, r, series: series), evidence: evidence,
            basis: .allocates, segments: r.draft.segments)
        // Who fills a cache that filled ranks with it, after what still rises.
        tied.levelledOff = r.draft.levelledOff
        return tied
    }

    // MARK: What is retained

    private func retained(_ d: SuspectDraft) throws -> Retained? {
        // Dumps without allocation sites name the class or module holding the objects: its name is the code.
        if d.kind == .allocationSite,
            let w = correlations.heapWindows.first(where: { w in
                d.segments.contains(w.window.segment) && w.withoutAllocationSites && w.classesByHolder[d.name] != nil
            })
        {
            let (from, to, between) = span(w.window, w.timed ? (w.base.takenAt, w.target.takenAt) : nil)
            // Untimed dumps give no count per run, as for a site (whose last count the holder's classes do not have).
            let objects = w.timed ? w.classesByHolder[d.name]?.reduce(0) { $0 + $1.objects } : nil
            return Retained(
                draft: d, words: NameTokens.of(d.name), code: d.name, segment: w.window.segment, fromMS: from,
                toMS: to, between: between, objects: objects)
        }
        if d.kind == .allocationSite {
            guard
                let w = correlations.heapWindows.first(where: { w in
                    d.segments.contains(w.window.segment)
                        && w.groups.contains { $0.grouping == .site && $0.key == d.name }
                })
            else { return nil }
            let (from, to, between) = span(w.window, w.timed ? (w.base.takenAt, w.target.takenAt) : nil)
            let group = w.groups.first { $0.grouping == .site && $0.key == d.name }
            let site = SuspectBuilder.siteLocation(d.name)
            var words = NameTokens.of(site.file)
            var methods: [String] = []
            if let line = site.line {
                methods = try String.fetchAll(
                    db,
                    sql: "SELECT DISTINCT method FROM heap_sites WHERE file = ? AND line_no = ? AND method IS NOT NULL",
                    arguments: [site.file, line])
            }
            for m in methods { words.formUnion(NameTokens.of(m)) }
            let code = methods.isEmpty ? d.name : "\(d.name) (\(methods.sorted().joined(separator: ", ")))"
            // Untimed dumps are compared with the whole segment: what the last one holds, not BASE→TARGET.
            let objects = w.timed ? group?.objects : group?.counts.last
            return Retained(
                draft: d, words: words, code: code, segment: w.window.segment, fromMS: from, toMS: to,
                between: between, objects: objects)
        }
        guard
            let w = correlations.profileWindows.first(where: { w in
                d.segments.contains(w.window.segment) && w.flatBytes[d.name] != nil
            })
        else { return nil }
        let times = w.timed ? (w.base.takenAt, w.target.takenAt) : nil
        let (from, to, between) = span(w.window, times)
        return Retained(
            draft: d, words: NameTokens.of(d.name), code: d.name, segment: w.window.segment, fromMS: from, toMS: to,
            between: between, objects: nil)
    }

    /// Where the retained objects accumulated: between the snapshots when their times are known, else the segment.
    private func span(_ w: GrowthWindow, _ times: (String?, String?)?) -> (Int64, Int64, String) {
        if let times, let from = times.0.flatMap(GrowthWindow.ms), let to = times.1.flatMap(GrowthWindow.ms), to > from
        {
            return (from, to, "between the snapshots (\(clockTime(times.0)) to \(clockTime(times.1)))")
        }
        return (w.startMS, w.endMS, "while it grew")
    }

    // MARK: Candidates

    private func endpoints(_ scope: CorrelationScope, _ r: Retained) throws -> [Candidate] {
        let condition = scope.condition
        let window = [Timestamp(milliseconds: r.fromMS).iso8601, Timestamp(milliseconds: r.toMS).iso8601]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT name, action, count(*) AS n, min(artifact_id) AS artifact_id, min(line) AS line, min(ts) AS ts
                FROM (SELECT coalesce(endpoint, action, path) AS name, action, artifact_id, line,
                             coalesce(ts_end, ts_start) AS ts
                      FROM requests WHERE \(condition.sql) AND coalesce(ts_end, ts_start) BETWEEN ? AND ?
                      UNION ALL
                      SELECT coalesce(endpoint, path) AS name, NULL, artifact_id, line, ts
                      FROM request_memory WHERE \(condition.sql) AND ts_ms BETWEEN ? AND ?)
                WHERE name IS NOT NULL GROUP BY name
                """,
            arguments: StatementArguments(condition.arguments + window + condition.arguments + [r.fromMS, r.toMS]))
        return rows.map { row in
            let name: String = row["name"]
            let action: String? = row["action"]
            return Candidate(
                kind: .endpoint, name: name, words: NameTokens.of(name).union(NameTokens.of(action ?? "")),
                count: row["n"],
                first: (row["artifact_id"], row["line"], (row["ts"] as String?).flatMap(GrowthWindow.ms)))
        }
    }

    private func jobs(_ scope: CorrelationScope, _ r: Retained) throws -> [Candidate] {
        let condition = scope.condition
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT class, count(*) AS n, min(artifact_id) AS artifact_id, min(line) AS line, min(ts_start) AS ts
                FROM jobs WHERE \(condition.sql) AND class IS NOT NULL
                  AND coalesce(ts_start, ts_end) <= ? AND coalesce(ts_end, ts_start) >= ?
                GROUP BY class
                """,
            arguments: StatementArguments(
                condition.arguments + [
                    Timestamp(milliseconds: r.toMS).iso8601, Timestamp(milliseconds: r.fromMS).iso8601,
                ]))
        return rows.map { row in
            let name: String = row["class"]
            return Candidate(
                kind: .jobClass, name: name, words: NameTokens.of(name), count: row["n"],
                first: (row["artifact_id"], row["line"], (row["ts"] as String?).flatMap(GrowthWindow.ms)))
        }
    }

    private func countSQL(_ c: Candidate, _ r: Retained, series: MemorySeries) -> String {
        let from = SQLText.literal(Timestamp(milliseconds: r.fromMS).iso8601)
        let to = SQLText.literal(Timestamp(milliseconds: r.toMS).iso8601)
        let process = series.pid.map { "pid = \($0)" } ?? series.host.map { "host = \(SQLText.literal($0))" } ?? "1"
        if c.kind == .jobClass {
            return """
                SELECT class, count(*) AS runs, min(ts_start) AS first_run, max(ts_end) AS last_run
                FROM jobs WHERE \(process) AND class = \(SQLText.literal(c.name))
                  AND coalesce(ts_start, ts_end) <= \(to) AND coalesce(ts_end, ts_start) >= \(from)
                GROUP BY class
                """
        }
        let name = SQLText.literal(c.name)
        return """
            SELECT endpoint, count(*) AS requests FROM (
              SELECT coalesce(endpoint, action, path) AS endpoint, coalesce(ts_end, ts_start) AS ts FROM requests
              WHERE \(process)
              UNION ALL SELECT coalesce(endpoint, path), ts FROM request_memory WHERE \(process))
            WHERE endpoint = \(name) AND ts BETWEEN \(from) AND \(to) GROUP BY endpoint
            """
    }
}
