import Foundation
import GRDB

/// Suspects of kinds `allocation_site` and `gem`: what the Ruby heap kept while the process grew.
///
/// From each `HeapWindowResult` (the three-snapshot diff of the snapshots taken in a growth window), a site is named
/// when it holds at least `suspectMinShare` of the leaked memsize and `suspectMinKB`; the gem of the leak is named
/// when one gem (not the app's own code) holds at least half of it. Score = 100 × leaked memsize / incident growth ×
/// confidence weight. memsize is Ruby's own account of an object and its buffers and understates RSS (allocator
/// overhead, fragmentation, memory outside the Ruby heap), so a group is confident only when three snapshots agree
/// (its live objects rose at every one), and it accounts for half to twice the RSS kept between the snapshots it was
/// allocated between; otherwise it is hedged with the reason.
extension SuspectBuilder {
    func heapSuspects(base: Double, explained: inout [Int: Double]) throws -> [SuspectDraft] {
        var out: [SuspectDraft] = []
        for r in correlations.heapWindows {
            let leakedKB = Double(r.leakedMemsize) / 1024
            guard leakedKB > 0, !Self.replacedNotAdded(r, growing: segments[r.window.segment].isGrowing) else {
                continue
            }
            var namedKB = 0.0
            var named = namedSites(r, leakedKB: leakedKB)
            if named.isEmpty, let held = untracedHolder(r, leakedKB: leakedKB) {
                named = [
                    (
                        held,
                        "the dumps carry no allocation sites (ObjectSpace.trace_object_allocations was off), "
                            + "so the objects are named by the class or module that holds them", false
                    )
                ]
            }
            let anyRising = named.contains { $0.group.rising }
            for site in named {
                namedKB += Double(site.group.memsize) / 1024
                // A site that stopped at the last snapshot while another still rises is a cache that filled.
                let stopped = anyRising && !site.group.rising && Self.stoppedAtTheLast(site.group)
                var draft = try heapDraft(
                    r, site.group, kind: .allocationSite, base: base, note: site.note, stopped: stopped)
                // Objects a library made for code the diff does not name: the holder is the lead, the site a clue.
                if site.libraryOnly { draft.score = round2(draft.score * ConfidenceWeight.libraryOnly) }
                out.append(draft)
            }
            let gems = r.groups.filter { $0.grouping == .gem }.sorted { $0.rank < $1.rank }
            if let g = gems.first, !["app", "(untraced)"].contains(g.key),
                Double(g.memsize) / 1024 >= max(0.5 * leakedKB, t.suspectMinKB)
            {
                out.append(try heapDraft(r, g, kind: .gem, base: base))
            }
            credit(&explained, r.window, coveredKB: namedKB, ofKeptKB: r.keptKB)
        }
        return out
    }

    /// Whether two dumps of a process whose RSS did not grow show new objects that only replaced old ones: the heap
    /// as a whole grew by less than half of what is new in it (a bounded cache evicting as it adds). Nothing else
    /// speaks for a leak there, and no third dump can say which of the new objects survive.
    static func replacedNotAdded(_ r: HeapWindowResult, growing: Bool) -> Bool {
        guard !growing, r.later.isEmpty else { return false }
        return Double(r.target.memsize - r.base.memsize) < 0.5 * Double(r.leakedMemsize)
    }

    /// - Parameter stopped: the site stopped growing while others still rise: a cache that filled, hedged and
    ///   weighed `ConfidenceWeight.levelledOff`, like a profile function that levelled off.
    private func heapDraft(
        _ r: HeapWindowResult, _ g: HeapWindowResult.Group, kind: SuspectKind, base: Double, note: String? = nil,
        stopped: Bool = false
    ) throws -> SuspectDraft {
        let kb = Double(g.memsize) / 1024
        let ofRSS = r.keptKB > 0 ? kb / r.keptKB : .infinity
        let confident = !stopped && !r.later.isEmpty && g.rising && ofRSS >= 0.5 && ofRSS <= 2 && r.timed
        var reason = heapReason(r, g, kind: kind, keptKB: kb, ofRSS: ofRSS)
        if let note { reason += "; " + note }
        if stopped {
            reason +=
                "; it stopped growing by the last snapshot (live objects "
                + g.counts.map(formatCount).joined(separator: " → ")
                + ") while other sites still rise: a cache that filled, ranked after them"
        }
        if let placement = r.placement { reason += "; " + placement }
        if !confident { reason = possibly(reason) }
        let sql = """
            SELECT key AS \(kind == .gem ? "gem" : "site"), objects AS leaked_objects, memsize AS leaked_memsize,
                   counts AS live_objects, retention_path
            FROM heap_diff
            WHERE base_id = \(r.base.id) AND target_id = \(r.target.id) AND later_ids = \(SQLText.literal(r.laterIDs))
              AND grouping = \(SQLText.literal(g.grouping.rawValue))
            ORDER BY rank
            """
        let evidence = try heapEvidence(r, g, kind: kind)
        let weight = stopped ? ConfidenceWeight.levelledOff : ConfidenceWeight.of(confident)
        var draft = SuspectDraft(
            kind: kind, name: g.key, score: score(kb, base, weight), confident: confident,
            explainedKB: kb.rounded(), reason: reason, sql: sql, evidence: Array(evidence.prefix(t.evidenceRows)),
            basis: .retained, segments: [r.window.segment])
        draft.levelledOff = stopped
        return draft
    }

    /// What survived at the site between the snapshots, against RSS over the same time, and what weakens it.
    private func heapReason(
        _ r: HeapWindowResult, _ g: HeapWindowResult.Group, kind: SuspectKind, keptKB kb: Double, ofRSS: Double
    ) -> String {
        let a = segments[r.window.segment]
        let leakedKB = Double(r.leakedMemsize) / 1024
        let what =
            kind == .gem
            ? "Objects allocated by the gem \(g.key)"
            : g.grouping == .className ? "Objects held by \(g.key)" : "Objects allocated at \(g.key)"
        // A copy time is not when a dump was taken: untimed dumps show no clock.
        let at = { (iso: String?) in r.timed ? " (\(clock(iso)))" : "" }
        let survived =
            r.later.isEmpty
            ? "and still alive in \(r.target.label)\(at(r.target.takenAt))"
            : "and still alive in \(r.later.map(\.label).joined(separator: ", "))"
        // Untimed dumps are taken as evenly spread over the segment: their gap is a share of it, not a duration.
        let keptText =
            "\(formatMB(max(r.keptKB, 0))) of RSS \(a.series.label) \(keptWords(r.window)) "
            + (r.timed
                ? "over the same " + formatDuration(Double(msBetween(r.base.takenAt, r.target.takenAt)) / 1000)
                : "per gap between the dumps (the segment's growth spread evenly over them)")
        var reason =
            "\(what) between \(r.base.label)\(at(r.base.takenAt)) and \(r.target.label)\(at(r.target.takenAt)) "
            + "\(survived) hold \(formatMB(kb)) (memsize of \(formatCount(g.objects)) "
            + "objects): \(formatPercent(kb / leakedKB)) of the Ruby heap that leaked then"
        if r.keptKB > 0 {
            reason += ", against \(keptText) (\(formatPercent(min(ofRSS, 9.99))) of it)"
        } else {
            reason += ", while RSS did not grow in that time (\(keptText))"
        }
        reason += "; its live objects went " + g.counts.map(formatCount).joined(separator: " → ")
        if !g.rising { reason += " (not rising at every snapshot)" }
        if r.later.isEmpty {
            reason +=
                "; with two snapshots the new objects include short-lived ones a later GC may free: take a third "
                + "snapshot to keep only survivors"
        }
        if ofRSS < 0.5 {
            reason +=
                "; memsize is Ruby's own count and understates RSS, but it accounts for under half of what RSS kept, "
                + "so most of the growth may be elsewhere (malloc outside the Ruby heap, fragmentation)"
        } else if ofRSS > 2 {
            reason += "; RSS kept far less than that: the process reused memory it already held"
        } else {
            reason += " (memsize understates RSS: allocator overhead and fragmentation come on top)"
        }
        return reason
    }

    /// The site's live objects at each snapshot, sample objects and the retention path in the last, RSS at both ends.
    private func heapEvidence(_ r: HeapWindowResult, _ g: HeapWindowResult.Group, kind: SuspectKind) throws
        -> [EvidenceDraft]
    {
        var evidence: [EvidenceDraft] = []
        let location = try snapshotLocations(r.snapshots.map(\.id))
        for (i, s) in r.snapshots.enumerated() where i < g.counts.count {
            evidence.append(
                EvidenceDraft(
                    label: "\(s.label): live objects of \(kind == .gem ? "the gem" : "the site")",
                    artifactID: location[s.id]?.artifactID, line: location[s.id]?.line, lineEnd: nil,
                    ms: s.takenAt.flatMap(GrowthWindow.ms),
                    value: formatCount(g.counts[i]) + (i == 1 ? ", of which \(formatCount(g.objects)) leaked" : "")))
        }
        let last = r.snapshots[r.snapshots.count - 1]
        evidence += try sampleObjects(r, g, kind: kind, in: last)
        if let path = g.retentionPath {
            evidence.append(
                EvidenceDraft(
                    label: "retention path in \(last.label)", artifactID: location[last.id]?.artifactID,
                    line: nil, lineEnd: nil, ms: nil, value: path))
        }
        for (ms, label) in [
            (r.base.takenAt, "RSS at \(r.base.label)"), (r.target.takenAt, "RSS at \(r.target.label)"),
        ] {
            if let at = ms.flatMap(GrowthWindow.ms), let e = rssEvidence(r.window, at: at, label: label) {
                evidence.append(e)
            }
        }
        return evidence
    }

    /// The diff's sites worth naming, each with a note when it stands for more than itself.
    ///
    /// A site is named when it holds at least `suspectMinShare` of what leaked and either rose at every one of three
    /// or more snapshots from 256 KB on, holding `risingSiteMinShare` of the leak (a retained view has no sampling noise, and RSS kept beside it may be
    /// mostly an allocator's: its share of RSS says nothing then), or holds min(5 MB, max(1 MB, 20% of the RSS
    /// kept)). A site in Ruby's standard library (`JSON.generate`, `String#*`) only made objects for the code that
    /// holds them: when a named app or gem site is held along the same path, the library site's objects are that
    /// site's; otherwise it is named with its holder, at half the weight.
    private func namedSites(_ r: HeapWindowResult, leakedKB: Double) -> [(
        group: HeapWindowResult.Group, note: String?, libraryOnly: Bool
    )] {
        var sites = r.groups.filter { $0.grouping == .site && $0.key != "(untraced)" }.sorted { $0.rank < $1.rank }
        func isLibrary(_ g: HeapWindowResult.Group) -> Bool {
            ["stdlib", "ruby"].contains(RubyLibrary.name(forPath: Self.siteLocation(g.key).file))
        }
        // Library objects held the same way as an app site's are that site's, before its size is judged.
        var notes: [String: String] = [:]
        for lib in sites where isLibrary(lib) {
            let holder = Self.holderPath(lib.retentionPath)
            let heldTheSameWay =
                holder == nil
                ? nil : sites.firstIndex { !isLibrary($0) && Self.holderPath($0.retentionPath) == holder }
            let inStep = holder == nil ? sites.firstIndex { !isLibrary($0) && Self.growInStep(lib, $0) } : nil
            guard let i = heldTheSameWay ?? inStep else { continue }
            Self.fold(
                lib, into: &sites[i], notes: &notes,
                "with the \(formatCount(lib.objects)) objects the standard library allocated for it at \(lib.key), "
                    + (heldTheSameWay != nil ? "held the same way" : "whose count grew in step with its own"))
            sites.removeAll { $0.key == lib.key }
        }
        Self.foldSitesOfOneHolder(&sites, notes: &notes, isLibrary: isLibrary)
        // A site rising at every snapshot is judged against what still rises: a cache that filled between the
        // first two and stopped may hold most of what leaked then.
        let risingKB = sites.filter(\.rising).reduce(0.0) { $0 + Double($1.memsize) / 1024 }
        let named = sites.filter { g in
            let kb = Double(g.memsize) / 1024
            if g.rising && !r.later.isEmpty && kb >= 256 && kb / max(risingKB, 1) >= t.risingSiteMinShare {
                return true
            }
            guard kb / leakedKB >= t.suspectMinShare else { return false }
            if kb / leakedKB >= t.soleHolderMinShare && kb >= t.soleHolderMinKB && Self.holder(g.retentionPath) != nil {
                return true
            }
            // The one thing the heap added: none of it in the first dump, nearly all of what is new by the last. An
            // RSS grown for garbage (pages the GC keeps) dwarfs it, yet it is what the heap kept.
            if g.counts.first == 0, kb / leakedKB >= t.newSiteMinShare, kb >= t.soleHolderMinKB { return true }
            return kb >= min(t.suspectMinKB, max(1024, 0.2 * r.keptKB))
        }
        var libraryOnly: Set<String> = []
        for lib in named where isLibrary(lib) {
            notes[lib.key] =
                "the standard library allocated them for the code that holds them"
                + (Self.holder(lib.retentionPath).map { " (\($0))" } ?? "")
            libraryOnly.insert(lib.key)
        }
        return named.map { ($0, notes[$0.key], libraryOnly.contains($0.key)) }
    }

    /// Dumps taken without allocation tracing put every object at `(untraced)`: what leaked is then named by the
    /// class or module that holds it, when one holds `soleHolderMinShare` of it and `soleHolderMinKB` (summed over the
    /// leaked classes whose retention path ends there). Its live counts are those of its biggest class.
    private func untracedHolder(_ r: HeapWindowResult, leakedKB: Double) -> HeapWindowResult.Group? {
        guard r.withoutAllocationSites else { return nil }
        let totals = r.classesByHolder.map {
            (holder: $0.key, groups: $0.value, memsize: $0.value.reduce(0) { $0 + $1.memsize })
        }
        guard let top = totals.max(by: { ($0.memsize, $1.holder) < ($1.memsize, $0.holder) }),
            var lead = top.groups.max(by: { $0.memsize < $1.memsize })
        else { return nil }
        let kb = Double(top.memsize) / 1024
        guard kb / leakedKB >= t.soleHolderMinShare, kb >= t.soleHolderMinKB else { return nil }
        lead.key = top.holder
        lead.objects = top.groups.reduce(0) { $0 + $1.objects }
        lead.memsize = top.memsize
        return lead
    }

    /// App sites of one source file held by the same class or module (an audit log's entry hash, its strings and
    /// its timestamps, each allocated on a line of their own) are one structure: they fold into the biggest of them
    /// before its size is judged.
    static func foldSitesOfOneHolder(
        _ sites: inout [HeapWindowResult.Group], notes: inout [String: String],
        isLibrary: (HeapWindowResult.Group) -> Bool
    ) {
        var i = 0
        while i < sites.count {
            let lead = sites[i]
            let file = Self.siteLocation(lead.key).file
            guard !isLibrary(lead), let holder = Self.holder(lead.retentionPath) else {
                i += 1
                continue
            }
            let members = sites.indices.filter { j in
                j > i && !isLibrary(sites[j]) && Self.siteLocation(sites[j].key).file == file
                    && Self.holder(sites[j].retentionPath) == holder
            }
            if !members.isEmpty {
                let lines = members.compactMap { Self.siteLocation(sites[$0].key).line }.map(String.init)
                let note =
                    "with the objects of line\(lines.count == 1 ? "" : "s") \(lines.joined(separator: ", ")) of the "
                    + "same file, held by \(holder) too"
                for (n, j) in members.enumerated() {
                    fold(sites[j], into: &sites[i], notes: &notes, n == 0 ? note : nil)
                }
                for j in members.reversed() { sites.remove(at: j) }
            }
            i += 1
        }
    }

    /// Adds `other`'s objects and bytes to `site`, with `note` (when given) added to what its reason says.
    private static func fold(
        _ other: HeapWindowResult.Group, into site: inout HeapWindowResult.Group, notes: inout [String: String],
        _ note: String?
    ) {
        site.memsize += other.memsize
        site.objects += other.objects
        guard let note else { return }
        notes[site.key] = notes[site.key].map { $0 + "; " + note } ?? note
    }

    /// Two sites whose live objects grew by the same multiple at every snapshot (3, 7 against 75, 175) were made by
    /// the same work: what tells which library objects an app site's are when a dump has no retention paths
    /// (`dump_all(since:)` writes no roots).
    static func growInStep(_ a: HeapWindowResult.Group, _ b: HeapWindowResult.Group) -> Bool {
        guard a.rising, b.rising, a.counts.count >= 3, a.counts.count == b.counts.count else { return false }
        let ratios = (1..<a.counts.count).map {
            Double(b.counts[$0] - b.counts[0]) / Double(max(1, a.counts[$0] - a.counts[0]))
        }
        guard let low = ratios.min(), let high = ratios.max(), low > 0 else { return false }
        return high <= 1.1 * low
    }

    /// Whether a site's live objects and bytes did not grow between the last two snapshots.
    static func stoppedAtTheLast(_ g: HeapWindowResult.Group) -> Bool {
        guard g.counts.count >= 3 else { return false }
        if g.levelledAtTheLast { return true }
        let n = g.counts.count
        let bytesStopped = g.memsizes.count == n ? g.memsizes[n - 1] <= g.memsizes[n - 2] : true
        return g.counts[n - 1] <= g.counts[n - 2] && bytesStopped
    }

    /// The file and line of a site key (`app/models/user.rb:42`); the key itself and no line when it has none.
    static func siteLocation(_ key: String) -> (file: String, line: Int?) {
        guard let colon = key.lastIndex(of: ":") else { return (key, nil) }
        return (String(key[..<colon]), Int(key[key.index(after: colon)...]))
    }

    /// The retention path without its last object: what holds the group's sample.
    static func holderPath(_ path: String?) -> String? {
        guard let path, let last = path.range(of: " → ", options: .backwards) else { return nil }
        return String(path[..<last.lowerBound])
    }

    /// The last named class or module on a retention path (`Quillpad::SessionSerializer`), Object aside.
    static func holder(_ path: String?) -> String? {
        guard let path else { return nil }
        let names = path.components(separatedBy: " → ").compactMap { part -> String? in
            for suffix in [" (class)", " (module)"] where part.hasSuffix(suffix) {
                let name = String(part.dropLast(suffix.count))
                return name == "Object" ? nil : name
            }
            return nil
        }
        return names.last
    }

    /// Leaked objects of the group in the last snapshot: its sample (closest to a root), then the biggest ones
    /// allocated after BASE.
    private func sampleObjects(
        _ r: HeapWindowResult, _ g: HeapWindowResult.Group, kind: SuspectKind, in last: HeapSnapshotInfo
    ) throws -> [EvidenceDraft] {
        var condition: String
        var arguments: StatementArguments = [last.id]
        if kind == .gem {
            condition = "o.gem = ?"
            arguments += [g.key]
        } else {
            let site = Self.siteLocation(g.key)
            guard let line = site.line else { return [] }
            condition = "o.file = ? AND o.line_no = ?"
            arguments += [site.file, line]
        }
        if let generation = r.base.maxGeneration {
            condition += " AND o.generation > ?"
            arguments += [generation]
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT o.artifact_id, o.line, o.address, o.type, o.class_name, o.memsize, o.file, o.line_no
                FROM heap_objects o WHERE o.snapshot_id = ? AND \(condition)
                ORDER BY o.address = \(g.sampleAddress ?? -1) DESC, o.memsize DESC, o.line LIMIT 3
                """, arguments: arguments)
        return rows.map { row in
            let type: String = row["type"]
            let className: String? = row["class_name"]
            let memsize: Int = row["memsize"] ?? 0
            let address: Int64 = row["address"]
            var value =
                "\(className ?? type) 0x\(String(UInt64(bitPattern: address), radix: 16)), memsize "
                + formatCount(memsize) + " bytes"
            if kind == .gem, let file: String = row["file"] {
                value += " @ \(file):\((row["line_no"] as Int?).map(String.init) ?? "?")"
            }
            return EvidenceDraft(
                label: "leaked object in \(last.label)", artifactID: row["artifact_id"], line: row["line"],
                lineEnd: nil, ms: last.takenAt.flatMap(GrowthWindow.ms), value: value)
        }
    }

    private func snapshotLocations(_ ids: [Int64]) throws -> [Int64: (artifactID: Int64, line: Int)] {
        var out: [Int64: (artifactID: Int64, line: Int)] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT id, artifact_id, line FROM heap_snapshots WHERE id IN \(SQLText.list(ids.map(Int.init)))")
        {
            out[row["id"]] = (row["artifact_id"], row["line"])
        }
        return out
    }

    func msBetween(_ a: String?, _ b: String?) -> Int64 {
        guard let a = a.flatMap(GrowthWindow.ms), let b = b.flatMap(GrowthWindow.ms) else { return 0 }
        return b - a
    }
}
