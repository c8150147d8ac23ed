import Foundation
import GRDB

/// Suspects of kind `change`: "what changed?", the first question of every postmortem.
///
/// A deploy, release, configuration change or rollback from `changeLeadSeconds` before to `changeLagSeconds` after
/// a growing segment's change point (where its floor first rose by a tenth of its growth) is a suspect, with the
/// time between them. It is confident when growth began within a quarter of the lead after it and the same hosts
/// ran before it without growing; hedged otherwise. A rollback within `rollbackWindowSeconds` of the end of growth
/// is a suspect too: what it took back is what grew. Processes the change started that only grew as much as their
/// predecessors of the same role had are not its doing.
struct ChangeSuspects {
    let db: Database
    let segments: [AnalyzedSegment]
    let thresholds: AnalysisThresholds
    /// The incident's growth, KiB.
    let base: Double

    static let kinds = ["deploy", "release", "rollback", "config", "change"]

    struct ChangeEvent: Sendable {
        var id: Int64
        var ms: Int64
        var host: String?
        var kind: String
        var message: String
        var artifactID: Int64
        var line: Int
        /// The format of the file it came from: a note (`oncall-notes`) only corroborates a logged change.
        var format: String
    }

    func suspects() throws -> [SuspectDraft] {
        guard base > 0 else { return [] }
        let events = try Row.fetchAll(
            db,
            sql: """
                SELECT e.id, e.ts, e.host, e.kind, e.message, e.artifact_id, e.line, a.format
                FROM events e JOIN artifacts a ON a.id = e.artifact_id
                WHERE e.kind IN (\(Self.kinds.map(SQLText.literal).joined(separator: ", "))) ORDER BY e.ts, e.id
                """
        ).compactMap { row -> ChangeEvent? in
            guard let ms = GrowthWindow.ms(row["ts"]) else { return nil }
            return ChangeEvent(
                id: row["id"], ms: ms, host: row["host"], kind: row["kind"], message: row["message"],
                artifactID: row["artifact_id"], line: row["line"], format: row["format"])
        }
        guard !events.isEmpty else { return [] }
        var found: [(event: ChangeEvent, draft: SuspectDraft)] = []
        for e in Self.notesAtTheirLoggedTime(events) {
            let before = matches(e, lead: true).filter { !grewAsMuchBefore($0.segment, e) && !warmedUp($0.segment, e) }
            let after = e.kind == "rollback" ? matches(e, lead: false) : []
            let hits = before + after.filter { hit in !before.contains { $0.segment == hit.segment } }
            guard !hits.isEmpty else { continue }
            found.append((e, draft(e, hits: hits, endsGrowth: !after.isEmpty && before.isEmpty)))
        }
        return Self.oneChange(found, evidenceRows: thresholds.evidenceRows)
    }

    /// A note stamped to the minute ("05:35 release 5.0.2 installed") that a log records within that minute, as the
    /// same kind of change naming no other release, happened when the log says: "05:35" is only the minute the
    /// on-call wrote it down, and it would otherwise place the change up to a minute early, before growth that was
    /// already under way.
    static func notesAtTheirLoggedTime(_ events: [ChangeEvent]) -> [ChangeEvent] {
        let minute: Int64 = 60_000
        return events.map { note in
            guard note.format == "oncall-notes", note.ms % minute == 0 else { return note }
            let names = releaseNames(in: note.message)
            let logged = events.first { e in
                guard e.format != "oncall-notes", e.ms >= note.ms, e.ms < note.ms + minute,
                    family(e.kind) == family(note.kind), note.host == nil || e.host == nil || e.host == note.host
                else { return false }
                let theirs = releaseNames(in: e.message)
                return names.isEmpty || theirs.isEmpty || !names.isDisjoint(with: theirs)
            }
            guard let logged else { return note }
            var timed = note
            timed.ms = logged.ms
            return timed
        }
    }

    /// One change recorded twice (the release in the runtime's log, the deploy in the on-call notes) is one
    /// suspect: events within `sameChangeMS` of each other that precede some of the same growth fold into the one logged by
    /// the system (a note only corroborates), which lists the others. Two events that name different releases
    /// (`v86` and `v87`, or two commits) are two changes however close they came; a third that names both (`v87
    /// deployed (9d41e7a)`) ties them. A rollback names the release it went back to: it stays with the deploy it
    /// undid.
    static func oneChange(_ found: [(event: ChangeEvent, draft: SuspectDraft)], evidenceRows: Int) -> [SuspectDraft] {
        let names = found.map { releaseNames(in: $0.event.message) }
        func same(_ i: Int, _ j: Int) -> Bool {
            abs(found[i].event.ms - found[j].event.ms) <= sameChangeMS
                && Self.family(found[i].event.kind) == Self.family(found[j].event.kind)
                && !Set(found[i].draft.segments).isDisjoint(with: found[j].draft.segments)
                && (names[i].isEmpty || names[j].isEmpty || !names[i].isDisjoint(with: names[j])
                    || found[i].event.kind == "rollback" || found[j].event.kind == "rollback")
        }
        // Union-find over the events: a chain of the same change is one group.
        var parent = Array(found.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { i = parent[i] }
            return i
        }
        for i in found.indices {
            for j in found.indices where j < i && same(i, j) { parent[root(i)] = root(j) }
        }
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for i in found.indices {
            let r = root(i)
            if members[r] == nil { order.append(r) }
            members[r, default: []].append(i)
        }
        let groups = order.map { members[$0, default: []].map { found[$0] } }
        let merged = groups.map { group in
            let ranked = group.sorted { a, b in
                let noteA = a.event.format == "oncall-notes"
                let noteB = b.event.format == "oncall-notes"
                return (noteA ? 1 : 0, a.event.ms, a.event.id) < (noteB ? 1 : 0, b.event.ms, b.event.id)
            }
            var merged = ranked[0].draft
            guard ranked.count > 1 else { return merged }
            merged.confident = ranked.contains { $0.draft.confident }
            if merged.confident { merged.reason = unhedged(merged.reason, lead: "Possibly: ") }
            merged.score = ranked.map(\.draft.score).max() ?? merged.score
            merged.reason +=
                "; also recorded as "
                + ranked.dropFirst().map { "\"\($0.event.message.prefix(80))\" (\($0.event.kind))" }
                .joined(separator: ", ")
            let extra = ranked.dropFirst().compactMap(\.draft.evidence.first)
            merged.evidence = Array(
                (merged.evidence.prefix(1) + extra + merged.evidence.dropFirst()).prefix(evidenceRows))
            return merged
        }
        return lastChangeFirst(
            merged, times: groups.map { $0.map(\.event.ms).max() ?? 0 },
            isRollback: groups.map { group in group.allSatisfy { $0.event.kind == "rollback" } })
    }

    /// A deploy, a release and the rollback of it are one kind of change, a configuration change another: only the
    /// same kind written twice is one change.
    static func family(_ kind: String) -> String {
        switch kind {
        case "deploy", "release", "rollback": return "deploy"
        case "config", "change": return "config"
        default: return kind
        }
    }

    /// Of two changes before the same growth, the later one is what changed just before it: an earlier one is at
    /// most possible ("another change came after it").
    static func lastChangeFirst(_ drafts: [SuspectDraft], times: [Int64], isRollback: [Bool]) -> [SuspectDraft] {
        var out = drafts
        for i in out.indices where !isRollback[i] {
            let later = out.indices.filter {
                $0 != i && !isRollback[$0] && times[$0] > times[i]
                    && !Set(out[$0].segments).isDisjoint(with: out[i].segments)
            }
            guard let next = later.min(by: { times[$0] < times[$1] }) else { continue }
            // Possible already, it ranks after a change that came clearly later (not one logged the same moment).
            if !out[i].confident, times[next] - times[i] < 10_000 { continue }
            // Confident, it becomes possible; possible already, it ranks after the later change.
            out[i].score = round2(
                out[i].confident
                    ? out[i].score / ConfidenceWeight.change * ConfidenceWeight.possibleChange : out[i].score * 0.8)
            out[i].reason =
                (out[i].confident ? possibly(out[i].reason, lead: "Possibly: ") : out[i].reason)
                + "; another change came after it, closer to the growth: \(out[next].name)"
            out[i].confident = false
        }
        return out
    }

    /// The releases a change's message names: release numbers (`v87`, `v4.2.1`) and commit hashes (`9d41e7a`).
    static func releaseNames(in message: String) -> Set<String> {
        var out: Set<String> = []
        for token in message.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "." }) {
            let word = token.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if word.count >= 2, word.first == "v", word.dropFirst().first?.isNumber == true,
                word.dropFirst().allSatisfy({ $0.isNumber || $0 == "." })
            {
                out.insert(String(word))
            } else if (7...40).contains(word.count), word.allSatisfy(\.isHexDigit), word.contains(where: \.isNumber),
                word.contains(where: \.isLetter)
            {
                out.insert(String(word))
            }
        }
        return out
    }

    /// Events this close are one change written down twice.
    static let sameChangeMS: Int64 = 10 * 60_000

    /// Where a segment's floor first rose by a tenth of its growth.
    func changePoint(_ a: AnalyzedSegment) -> MemorySample? {
        let samples = a.segment.samples
        let floor = a.segment.floor
        guard let start = floor.first, a.trend.retainedKB > 0 else { return samples.first }
        let index = floor.firstIndex { $0 >= start + 0.1 * a.trend.retainedKB } ?? 0
        return samples[max(0, index - 1)]
    }

    private func sameHost(_ e: ChangeEvent, _ a: AnalyzedSegment) -> Bool {
        guard let h = e.host, let other = a.series.host else { return true }
        return h == other
    }

    /// Growing segments whose change point follows the event (lead), or whose growth ended at a rollback.
    private func matches(_ e: ChangeEvent, lead: Bool) -> [(segment: Int, gapMS: Int64)] {
        var out: [(segment: Int, gapMS: Int64)] = []
        for (si, a) in segments.enumerated() where a.isGrowing && sameHost(e, a) {
            if lead {
                // A process the change ended (an old worker a deploy replaced) did not grow because of it; nor did
                // one that lived through a deploy: it still runs the code it started with.
                guard let point = changePoint(a), a.segment.endMS > e.ms + 5000, !livedThrough(e, a) else { continue }
                var gap = point.ms - e.ms
                if alreadyUnderWay(a, at: e.ms) {
                    // Growth under way does not make the change its cause, unless it had stopped: the floor held
                    // across the change, and rose again after it.
                    guard let resumed = resumesAfterHolding(a, at: e.ms) else { continue }
                    gap = resumed.ms - e.ms
                }
                if gap >= -Int64(thresholds.changeLagSeconds * 1000), gap <= Int64(thresholds.changeLeadSeconds * 1000)
                {
                    out.append((si, gap))
                }
            } else if abs(a.segment.endMS - e.ms) <= Int64(thresholds.rollbackWindowSeconds * 1000) {
                out.append((si, a.segment.endMS - e.ms))
            }
        }
        return out
    }

    /// Whether growth was under way when the change came: the segment's floor had already kept `underWayShare` of
    /// its growth, and rose in the minute before the change at least half as fast as in the minute after. The
    /// change came into growth going on and did not start it. (A floor that rose in a warm-up and then held is not
    /// under way; the lag allowed before a change point is for clocks and notes a little late.)
    private func alreadyUnderWay(_ a: AnalyzedSegment, at ms: Int64) -> Bool {
        let floor = a.segment.floor
        let samples = a.segment.samples
        guard let start = floor.first, a.trend.retainedKB > 0,
            let i = samples.lastIndex(where: { $0.ms <= ms })
        else { return false }
        guard floor[i] - start >= thresholds.underWayShare * a.trend.retainedKB else { return false }
        let minute: Int64 = 60_000
        let b = samples.firstIndex { $0.ms >= ms - minute } ?? 0
        // The floor is the lowest sample from there on: at the very last sample it is that sample, peak or not.
        let f = min(samples.lastIndex { $0.ms <= ms + minute } ?? i, samples.count - 2)
        guard b < i, f > i else { return true }
        let before = (floor[i] - floor[b]) / Double(samples[i].ms - samples[b].ms)
        let after = (floor[f] - floor[i]) / Double(samples[f].ms - samples[i].ms)
        return before >= 0.5 * after
    }

    /// Where the floor rose again after holding across the change: from the last sample before it to at least 10 s
    /// and two samples past it, the floor kept no more than `heldShare` of the segment's growth, and after that it
    /// kept at least half of it. A fresh process that warmed up, held, and began to grow after a flag was turned
    /// on grew because of the flag, not of the deploy that started it.
    func resumesAfterHolding(_ a: AnalyzedSegment, at ms: Int64) -> MemorySample? {
        let samples = a.segment.samples
        let floor = a.segment.floor
        let growth = a.trend.retainedKB
        guard growth > 0, let i = samples.lastIndex(where: { $0.ms <= ms }) else { return nil }
        var j = i
        while j + 1 < samples.count, floor[j + 1] - floor[i] <= Self.heldShare * growth { j += 1 }
        guard j >= i + 2, samples[j].ms >= ms + 10_000, j + 1 < samples.count,
            floor[floor.count - 1] - floor[j] >= 0.5 * growth
        else { return nil }
        return samples[j]
    }

    /// How little a floor may rise and still be holding, as a share of its segment's growth.
    static let heldShare = 0.03

    /// Whether the process ran from `livedThroughSeconds` before a deploy or release to after it, under one pid: it
    /// never loaded the new code. An Erlang node is the exception: a release handler upgrades its code in place.
    private func livedThrough(_ e: ChangeEvent, _ a: AnalyzedSegment) -> Bool {
        guard ["deploy", "release"].contains(e.kind), a.series.pid != nil, !a.series.namesErlangNode else {
            return false
        }
        return a.segment.startMS < e.ms - Int64(thresholds.livedThroughSeconds * 1000) && a.segment.endMS > e.ms + 5000
    }

    /// Whether processes of the same role, gone before the change, had kept at least half as much, or ended at least
    /// nine tenths as high (a predecessor first sampled when already half full kept less, but stood as high): fresh
    /// processes a deploy restarted warm up to where their predecessors were, which is not growth the change started.
    /// Nor is growth a predecessor already had at half the rate or more (by a quarter of as much): the old code
    /// leaked the same way, cut short by the restart.
    private func grewAsMuchBefore(_ si: Int, _ e: ChangeEvent) -> Bool {
        let a = segments[si]
        guard a.segment.startMS >= e.ms - 1000 else { return false }
        return segments.contains { b in
            b.series.role == a.series.role && b.segment.endMS <= e.ms + 1000 && b.segment.samples.count >= 3
                && (b.trend.retainedKB >= 0.5 * a.trend.retainedKB
                    || b.segment.endLevelKB >= 0.9 * a.segment.endLevelKB
                    || (rise(b) >= 0.25 * a.trend.retainedKB && rise(b) / b.hours >= 0.5 * a.kbPerHour))
        }
    }

    /// What a segment kept, or for one too short to classify, how far its floor rose.
    private func rise(_ b: AnalyzedSegment) -> Double {
        if b.isGrowing { return b.trend.retainedKB }
        guard b.trend.kind == .short, let first = b.segment.floor.first, let last = b.segment.floor.last else {
            return 0
        }
        return max(0, last - first)
    }

    /// Whether a process the change started rose in its first sample interval (`warmUpShare` of its growth) and then
    /// held, as every fresh process warms up, without standing clearly above (by a fifth) a predecessor of its role
    /// sampled at least three times: a step or plateau from boot, not a leak, is the change's doing only when the
    /// level it reached is new.
    private func warmedUp(_ si: Int, _ e: ChangeEvent) -> Bool {
        let a = segments[si]
        let floor = a.segment.floor
        guard a.trend.kind == .step || a.trend.kind == .plateau, a.segment.startMS >= e.ms - 1000, floor.count >= 3,
            floor[1] - floor[0] >= Self.warmUpShare * a.trend.retainedKB
        else { return false }
        let predecessors = segments.filter { b in
            b.series.role == a.series.role && b.segment.endMS <= e.ms + 1000 && b.segment.samples.count >= 3
        }
        return !predecessors.contains { $0.segment.endLevelKB * 1.2 < a.segment.endLevelKB }
    }

    /// The share of a fresh process's growth its first sample interval holds when the rise was its warm-up.
    static let warmUpShare = 0.75

    private func draft(_ e: ChangeEvent, hits: [(segment: Int, gapMS: Int64)], endsGrowth: Bool) -> SuspectDraft {
        let kept = hits.reduce(0.0) { $0 + segments[$1.segment].trend.retainedKB }
        let gaps = hits.map(\.gapMS).sorted()
        let median = gaps[gaps.count / 2]
        // Healthy before: segments of the same hosts that ended before the event and did not grow.
        let earlier = segments.indices.filter { si in
            let a = segments[si]
            return sameHost(e, a) && a.segment.endMS <= e.ms + 1000 && a.segment.samples.count >= 3
        }
        // A plateau counts as healthy only if it held its level for half its time: one cut short by the event while
        // still rising (a node split at its release) was growing when the change came. Nor does one too short to
        // classify whose floor rose by a quarter of what grew after: a predecessor replaced after six samples that
        // had doubled was growing too.
        let healthyBefore =
            !earlier.isEmpty
            && earlier.allSatisfy {
                let b = segments[$0]
                let rose = b.trend.kind == .short && rise(b) >= 0.25 * kept
                return !b.isGrowing && !rose
                    && (b.trend.kind != .plateau || b.levelledSeconds >= b.segment.durationSeconds / 2)
            }
        let soon = median <= Int64(thresholds.changeLeadSeconds * 250)
        let confident = !endsGrowth && healthyBefore && soon && median >= -Int64(thresholds.changeLagSeconds * 1000)
        let message = e.message.count > 80 ? String(e.message.prefix(79)) + "…" : e.message
        let processes = hits.count == 1 ? "1 process" : "\(hits.count) processes"
        var reason: String
        if endsGrowth {
            reason =
                "The \(e.kind) at \(clock(e.ms)) (\"\(message)\") came as growth ended on \(processes) that had kept "
                + "\(formatMB(kept)): what it took back is what grew"
        } else {
            let when = median <= 0 ? "as growth began" : "\(formatDuration(Double(median) / 1000)) before growth began"
            reason =
                "The \(e.kind) at \(clock(e.ms)) (\"\(message)\") came \(when) on \(processes), which kept "
                + "\(formatMB(kept)) afterwards"
            if healthyBefore {
                reason +=
                    "; before it, \(earlier.count) segment\(earlier.count == 1 ? "" : "s") of the same hosts "
                    + "did not grow"
            } else if !earlier.isEmpty {
                reason += "; memory was already growing before it"
            } else {
                reason += "; nothing of the same hosts was sampled before it"
            }
        }
        if !confident { reason = possibly(reason, lead: "Possibly: ") }
        var evidence = [
            EvidenceDraft(
                label: e.kind, artifactID: e.artifactID, line: e.line, lineEnd: nil, ms: e.ms, value: message)
        ]
        for hit in hits.prefix(max(1, thresholds.evidenceRows - 1)) {
            let a = segments[hit.segment]
            if let point = changePoint(a) {
                evidence.append(
                    EvidenceDraft(
                        label: "\(a.series.label): \(a.trend.kind.rawValue) begins", artifactID: point.artifactID,
                        line: point.line, lineEnd: nil, ms: point.ms,
                        value: "\(formatMB(point.rssKB)), kept \(formatMB(a.trend.retainedKB)) by the end"))
            }
        }
        let sql = """
            SELECT e.ts, e.kind, e.message, a.name AS file, e.line FROM events e JOIN artifacts a ON a.id = e.artifact_id
            WHERE e.id = \(e.id);
            SELECT host, pid, process, kind, ts_start, ts_end, retained_kb FROM trends
            WHERE kind IN ('leak', 'step') ORDER BY ts_start
            """
        let weight =
            confident
            ? ConfidenceWeight.change
            : earlier.isEmpty ? ConfidenceWeight.unobservedChange : ConfidenceWeight.possibleChange
        return SuspectDraft(
            kind: .change, name: message.lowercased().hasPrefix(e.kind) ? message : "\(e.kind): \(message)",
            score: round2(100 * min(1, kept / base) * weight),
            confident: confident, explainedKB: kept.rounded(), reason: reason, sql: sql,
            evidence: Array(evidence.prefix(thresholds.evidenceRows)), basis: .change,
            segments: hits.map(\.segment).sorted())
    }

    private func clock(_ ms: Int64) -> String { clockTime(Timestamp(milliseconds: ms).iso8601) }
}
