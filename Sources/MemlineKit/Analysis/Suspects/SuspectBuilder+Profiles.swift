import Foundation
import GRDB

/// Suspects of kind `function`: the functions whose in-use bytes grew between the heap profiles taken while the
/// process grew.
///
/// From each `ProfileWindowResult`, a function is named when what it kept (unbiased bytes it allocated and still
/// held, allocator frames skipped, as `memline profile diff` and `jeprof --base` count; with four or more profiles,
/// its lowest over the last quarter against its lowest over the first, `keptBytes`) is at least `suspectMinShare`
/// of the profiled growth (the first-to-last total, or what the functions kept when a transient makes that fall)
/// and `suspectMinKB`. Score = 100 × that growth / incident growth × confidence weight.
/// Confident when its in-use bytes rose at every profile of the window (at least three) and the growth is half to
/// twice the RSS kept between the first and last profile (sampled profiles estimate; the allocator's own overhead and
/// fragmentation are not in them).
extension SuspectBuilder {
    func profileSuspects(base: Double, explained: inout [Int: Double]) throws -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        for r in correlations.profileWindows {
            // A big transient in flight in the first profile and not in the last makes the first-to-last total
            // fall while functions still kept: then what they kept, each read as `keptBytes`, is the growth to share.
            let kept = r.report.functions.map { (f: $0, kb: keptBytes($0, in: r) / 1024) }
            let total = max(r.report.totalBytes / 1024, kept.reduce(0.0) { $0 + max(0, $1.kb) })
            guard total > 0 else { continue }
            // Where RSS did not grow, nothing corroborates the profiles: a function must still be rising in their
            // second half, or it is a bounded buffer that filled early.
            let retainedOnly = !segments[r.window.segment].isGrowing
            let worth = kept.filter {
                $0.kb > 0 && $0.kb / total >= t.suspectMinShare && $0.kb >= t.suspectMinKB
                    && (!retainedOnly || stillRising($0.f, in: r, keptKB: $0.kb))
            }
            // A function that levelled off (a bounded cache that filled) is named only beside one that still rises,
            // ranked after it: alone, the profiles say the retained growth stopped.
            let anyRising = worth.contains { levelledOff($0.f, in: r, keptKB: $0.kb) == nil }
            var namedKB = 0.0
            for (f, kb) in worth where anyRising {
                namedKB += kb
                out.append(try profileDraft(r, f, keptKB: kb, ofProfiledKB: total, base: base))
            }
            credit(&explained, r.window, coveredKB: namedKB, ofKeptKB: r.keptKB)
        }
        return out
    }

    /// What a function kept across the window's profiles: with four or more, its lowest in-use bytes over the last
    /// quarter of them against its lowest over the first quarter (interval dumps are triggered by allocation, so
    /// many catch a big transient in flight); with fewer, the first-to-last difference.
    func keptBytes(_ f: ProfileReport.FunctionRow, in r: ProfileWindowResult) -> Double {
        let values = r.flatBytes[f.name] ?? []
        guard values.count >= 4 else { return f.flatBytes }
        let k = max(2, values.count / 4)
        return max(0, (values.suffix(k).min() ?? 0) - (values.prefix(k).min() ?? 0))
    }

    /// Whether a function's in-use bytes still rose in the second half of the profiles: its lowest over the last
    /// quarter (at least two) is above its lowest at the middle two by a quarter of what it kept (a steady leak
    /// adds half there).
    func stillRising(_ f: ProfileReport.FunctionRow, in r: ProfileWindowResult, keptKB: Double) -> Bool {
        let values = r.flatBytes[f.name] ?? []
        guard values.count >= 4 else { return true }
        let k = max(2, values.count / 4)
        let late = values.suffix(k).min() ?? 0
        let middle = values[(values.count / 2 - 1)...(values.count / 2)].min() ?? 0
        return (late - middle) / 1024 >= 0.25 * keptKB
    }

    /// Where a function's in-use bytes levelled off: with six or more profiles, when its lowest over the last
    /// quarter is within a tenth of what it kept of its lowest over the third (a steady leak adds a quarter of its
    /// growth there; a bounded cache that filled in the first half adds nothing), the profile by which it got
    /// there; nil while it still rises.
    func levelledOff(_ f: ProfileReport.FunctionRow, in r: ProfileWindowResult, keptKB: Double) -> Int? {
        let values = r.flatBytes[f.name] ?? []
        guard values.count >= 6, keptKB > 0 else { return nil }
        let k = max(2, values.count / 4)
        let last = values.suffix(k).min() ?? 0
        let third = values[(values.count / 2)..<(values.count - k)].min() ?? 0
        guard (last - third) / 1024 < 0.1 * keptKB else { return nil }
        return values.firstIndex { $0 >= last } ?? k
    }

    private func profileDraft(
        _ r: ProfileWindowResult, _ f: ProfileReport.FunctionRow, keptKB kb: Double, ofProfiledKB total: Double,
        base: Double
    ) throws -> SuspectDraft {
        let perProfile = r.flatBytes[f.name] ?? []
        // Sampled profiles repeat a value between samples: never falling and up overall is rising.
        let rising =
            perProfile.count >= 3 && zip(perProfile.dropFirst(), perProfile).allSatisfy { $0 >= $1 }
            && (perProfile.last ?? 0) > (perProfile.first ?? 0)
        let ofRSS = r.keptKB > 0 ? kb / r.keptKB : .infinity
        let levelled = levelledOff(f, in: r, keptKB: kb)
        let confident = rising && levelled == nil && ofRSS >= 0.5 && ofRSS <= 2 && r.timed
        var reason = profileReason(
            r, f, keptKB: kb, share: kb / total, perProfile: perProfile, rising: rising, ofRSS: ofRSS)
        if let levelled, levelled < r.profiles.count {
            reason +=
                "; it levelled off near \(formatMB(perProfile[levelled] / 1024)) by \(r.profiles[levelled].label) "
                + "and rose no further: a bounded cache filling, not a leak"
        }
        if !confident { reason = "Possibly " + reason }
        let weight = levelled != nil ? ConfidenceWeight.levelledOff : ConfidenceWeight.of(confident)
        let sql = """
            SELECT key AS function, round(base_bytes) AS base_bytes, round(target_bytes) AS target_bytes,
                   round(growth_bytes) AS growth_bytes, round(share, 3) AS share
            FROM profile_diff
            WHERE base_id = \(r.base.id) AND target_id = \(r.target.id) AND grouping = 'owner'
            ORDER BY rank
            """
        let evidence = try profileEvidence(r, f, perProfile: perProfile)
        // tracemalloc names sites (`app.py:73`), not functions.
        let kind: SuspectKind = r.base.kind == "tracemalloc" ? .allocationSite : .function
        var draft = SuspectDraft(
            kind: kind, name: f.name, score: score(kb, base, weight), confident: confident,
            explainedKB: kb.rounded(), reason: reason, sql: sql, evidence: Array(evidence.prefix(t.evidenceRows)),
            basis: .retained, segments: [r.window.segment])
        draft.levelledOff = levelled != nil
        return draft
    }

    /// What the function kept between the profiles, against RSS over the same time, and what weakens it.
    private func profileReason(
        _ r: ProfileWindowResult, _ f: ProfileReport.FunctionRow, keptKB kb: Double, share: Double,
        perProfile: [Double], rising: Bool, ofRSS: Double
    ) -> String {
        let a = segments[r.window.segment]
        let seconds = Double(msBetween(r.base.takenAt, r.target.takenAt)) / 1000
        let sampling =
            r.base.samplePeriod.map { "sampled every \(formatCount($0)) bytes, unbiased" } ?? "every allocation"
        // A copy time is not when a profile was taken: untimed profiles show no clock.
        let at = { (iso: String?) in r.timed ? " (\(clock(iso)))" : "" }
        var reason =
            "\(f.name) \(perProfile.count >= 4 ? "kept" : "held") \(formatMB(kb)) more in use between "
            + "\(r.base.label)\(at(r.base.takenAt)) and \(r.target.label)\(at(r.target.takenAt)) "
            + "(\(r.profiles.count) \(r.base.kind) profiles of \(a.series.label), \(sampling), allocator frames "
            + "skipped): \(formatPercent(share)) of the profiled growth"
        let span =
            r.timed ? "over the same \(formatDuration(seconds))" : "over the segment the profiles were spread over"
        if r.keptKB > 0 {
            reason +=
                ", against \(formatMB(r.keptKB)) of RSS \(keptWords(r.window)) \(span) "
                + "(\(formatPercent(min(ofRSS, 9.99))) of it)"
        } else {
            reason += ", while RSS did not grow \(span)"
        }
        reason += "; in use at each profile: " + perProfile.map { formatMB($0 / 1024) }.joined(separator: " → ")
        if perProfile.count >= 4 {
            reason +=
                " (what it kept is its lowest over the last quarter of the profiles against its lowest over the "
                + "first, so a transient a profile caught in flight does not count)"
        }
        if f.name.contains("+0x") {
            reason += " (an unsymbolized address: `memline profile symbolize --binary PATH` names the function)"
        }
        if !rising { reason += perProfile.count >= 3 ? "; it did not rise at every profile" : "; only two profiles" }
        if ofRSS < 0.5 {
            reason += "; it accounts for under half of what RSS kept, so most of the growth may be elsewhere"
        } else if ofRSS > 2 {
            reason += "; RSS kept far less than that: the allocator reused memory it already held"
        }
        if let placement = r.placement { reason += "; " + placement }
        return reason
    }

    /// The function's bytes in each profile, its biggest stacks in the last one, and RSS at both ends.
    private func profileEvidence(_ r: ProfileWindowResult, _ f: ProfileReport.FunctionRow, perProfile: [Double])
        throws -> [EvidenceDraft]
    {
        var evidence: [EvidenceDraft] = []
        let locations = try profileLocations(r.profiles.map(\.id))
        for (i, p) in r.profiles.enumerated() where i < perProfile.count {
            evidence.append(
                EvidenceDraft(
                    label: "\(p.label): in use by \(f.name)", artifactID: locations[p.id]?.artifactID,
                    line: locations[p.id]?.line, lineEnd: nil, ms: p.takenAt.flatMap(GrowthWindow.ms),
                    value: "\(formatMB(perProfile[i] / 1024)) of \(formatMB(p.bytesUnbiased / 1024))"))
        }
        let stackIDs = (r.flatStacks[f.name] ?? []).map(Int.init)
        if !stackIDs.isEmpty {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.line, s.depth, s.bytes_unbiased, s.objects_unbiased, h.artifact_id
                    FROM profile_stacks s JOIN heap_profiles h ON h.id = s.profile_id
                    WHERE s.id IN \(SQLText.list(stackIDs)) ORDER BY s.bytes_unbiased DESC, s.line LIMIT 3
                    """)
            for row in rows {
                let bytes: Double = row["bytes_unbiased"]
                let objects: Double = row["objects_unbiased"]
                evidence.append(
                    EvidenceDraft(
                        label: "stack in \(r.target.label) allocating in \(f.name)", artifactID: row["artifact_id"],
                        line: row["line"], lineEnd: nil, ms: nil,
                        value: "\(formatMB(bytes / 1024)) in use in \(formatCount(Int(objects.rounded()))) objects, "
                            + "\(row["depth"] as Int) frames"))
            }
        }
        for (iso, label) in [
            (r.base.takenAt, "RSS at \(r.base.label)"), (r.target.takenAt, "RSS at \(r.target.label)"),
        ] {
            if let at = iso.flatMap(GrowthWindow.ms), let e = rssEvidence(r.window, at: at, label: label) {
                evidence.append(e)
            }
        }
        return evidence
    }

    private func profileLocations(_ ids: [Int64]) throws -> [Int64: (artifactID: Int64, line: Int)] {
        var out: [Int64: (artifactID: Int64, line: Int)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, artifact_id, line FROM heap_profiles WHERE id IN \(SQLText.list(ids.map(Int.init)))")
        {
            out[row["id"]] = (row["artifact_id"], row["line"])
        }
        return out
    }
}
