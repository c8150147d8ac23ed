import GRDB

/// Correlates growth windows with what grew inside the process in the same time: Ruby heap diff groups, heap
/// profile functions and Erlang process memory and mailboxes.
///
/// For each `GrowthWindow` of a process:
/// - Ruby heap snapshots of the same pid (and host, when both know it) taken in the window: the three-snapshot diff
///   (first, second to last, last) or, with two, the plain diff, reusing `heap_diff` rows already stored for the
///   same snapshots and storing them otherwise (as `memline heap diff` does);
/// - heap profiles of the same pid and kind: the first against the last (stored in `profile_diff`, as
///   `memline profile diff` does), with each function's flat bytes in every profile;
/// - Erlang process samples of the same host, when the series is the node's (`erlang:total`, `beam*`, or read
///   from the same file as the process samples): each process's growth over the window.
enum GroupCorrelator {
    static func correlate(_ db: Database, segments: [AnalyzedSegment], into results: inout CorrelationResults) throws {
        let growing = GrowthWindow.windows(segments)
        let placement = try SnapshotPlacement(db)
        let named = segments.compactMap { a in a.series.pid.map { (pid: $0, name: a.series.process ?? "") } }
        let snapshots = try placedSnapshots(db, placement, processes: named)
        let rubyPids = try Self.rubyPids(db)
        let isRuby = { (series: MemorySeries) in
            series.pid.map(rubyPids.contains) == true || SnapshotPlacement.looksLikeRuby(series.process)
        }
        var profiles = placed(
            try MemlineDatabase.heapProfiles(db), placement, time: \.takenAt, source: \.takenAtSource, seq: \.seq,
            label: \.label)
        // A profile named for its worker (`heap-w4.0003.heap` beside a process `brimcombe-w4`) is that worker's.
        for i in profiles.indices where profiles[i].info.pid == nil {
            profiles[i].info.pid = SnapshotPlacement.pid(namedIn: profiles[i].info.label, processes: named)
        }
        var windows =
            growing + retainedOnlyWindows(segments, windows: growing, snapshots: snapshots, profiles: profiles)
        let soleRuby = soleRubyWindow(segments, windows: windows, snapshots: snapshots, isRuby: isRuby)
        if let w = soleRuby?.window, !windows.contains(where: { $0.segment == w.segment && !$0.isSpike }) {
            windows.append(w)
        }
        let processArtifacts = Set(
            try Int64.fetchAll(db, sql: "SELECT DISTINCT artifact_id FROM process_samples ORDER BY artifact_id"))
        windows += levelledNodeWindows(segments, windows: windows, processArtifacts: processArtifacts)
        guard !windows.isEmpty else { return }
        let pidless =
            try attachPidless(db, snapshots, windows: windows.filter { isRuby(segments[$0.segment].series) }, segments)
            ?? soleRuby
        let pidlessProfiles = attachPidlessProfiles(profiles, windows: windows, segments: segments)
        // Two windows (two spikes, or one process seen by two sources) holding the same artifacts count once.
        var seen = Set<String>()
        for w in windows {
            let a = segments[w.segment]
            if !a.isGrowing, !w.isSpike, isNode(a.series, processArtifacts: processArtifacts) {
                // A node whose memory levelled off: only its process samples are read.
                if var r = try processes(db, window: w, segment: a) {
                    r.sharedWithEarlierWindow = !seen.insert("process \(r.host ?? "") \(r.fromMS) \(r.toMS)").inserted
                    results.processWindows.append(r)
                }
                continue
            }
            if !a.isGrowing, !w.isSpike {
                // A process whose RSS did not grow, with its own heap dumps or profiles: only its retained view is
                // read.
                let adopted = pidless?.window.segment == w.segment ? pidless : nil
                guard let pid = a.series.pid else { continue }
                if let r = try heapWindow(db, w, a, pid: pid, snapshots, adopted: adopted, placement, seen: &seen) {
                    results.heapWindows.append(r)
                }
                if Self.ownProfiles(profiles, pid: pid, a) >= Self.retainedOnlyMinProfiles,
                    let r = try profileWindow(db, w, a, pid: pid, profiles, placement, seen: &seen)
                {
                    results.profileWindows.append(r)
                }
                continue
            }
            if let pid = a.series.pid {
                let adopted = pidless?.window.segment == w.segment && !w.isSpike ? pidless : nil
                if let r = try heapWindow(db, w, a, pid: pid, snapshots, adopted: adopted, placement, seen: &seen) {
                    results.heapWindows.append(r)
                }
                let attached = pidlessProfiles?.window.segment == w.segment && !w.isSpike ? pidlessProfiles : nil
                if let r = try profileWindow(
                    db, w, a, pid: pid, profiles, placement, adopted: attached?.note, seen: &seen)
                {
                    results.profileWindows.append(r)
                }
            }
            if !processArtifacts.isEmpty, isNode(a.series, processArtifacts: processArtifacts),
                var r = try processes(db, window: w, segment: a)
            {
                // The node seen by two sources (erlang:memory() and pidstat) shares one set of process samples:
                // named once, but each source's segment keeps it as its retained view.
                r.sharedWithEarlierWindow = !seen.insert("process \(r.host ?? "") \(r.fromMS) \(r.toMS)").inserted
                results.processWindows.append(r)
            }
        }
    }

    /// Windows over processes whose RSS did not grow but that left two or more heap dumps, or three or more heap
    /// profiles, of their own pid: a retained view has its own say. A leak of a few KB per request hides in a heap
    /// already grown for garbage, and a native leak in the pages an allocator is still giving back after a big
    /// transient (the RSS levels off or falls), yet the dumps show what keeps being retained. (With two dumps, what
    /// is new includes objects in flight: the heap rules name a site then only when its holder keeps nearly all of
    /// it; sampled profiles need a third to show a rise.)
    private static func retainedOnlyWindows(
        _ segments: [AnalyzedSegment], windows: [GrowthWindow], snapshots: [Placed<HeapSnapshotInfo>],
        profiles: [Placed<HeapProfileInfo>]
    ) -> [GrowthWindow] {
        let covered = Set(windows.filter { !$0.isSpike }.map(\.segment))
        return segments.indices.compactMap { si in
            let a = segments[si]
            guard !covered.contains(si), !a.isGrowing, let pid = a.series.pid, !a.segment.samples.isEmpty,
                snapshots.filter({ $0.info.pid == pid && sameHost($0.info.host, a.series.host) }).count >= 2
                    || ownProfiles(profiles, pid: pid, a) >= retainedOnlyMinProfiles
            else { return nil }
            return GrowthWindow.whole(si, a)
        }
    }

    /// Profiles a process whose RSS did not grow must leave for them to be read on their own.
    static let retainedOnlyMinProfiles = 3

    /// The heap profiles of the segment's pid (and host, when both know it).
    private static func ownProfiles(_ profiles: [Placed<HeapProfileInfo>], pid: Int, _ a: AnalyzedSegment) -> Int {
        profiles.filter { $0.info.pid == pid && sameHost($0.info.host, a.series.host) }.count
    }

    /// Windows over Erlang nodes whose memory did not keep growing but that left process samples: a process can grow
    /// all along beneath a total that a bigger transient (binaries that come and go) keeps level.
    private static func levelledNodeWindows(
        _ segments: [AnalyzedSegment], windows: [GrowthWindow], processArtifacts: Set<Int64>
    ) -> [GrowthWindow] {
        guard !processArtifacts.isEmpty else { return [] }
        let covered = Set(windows.filter { !$0.isSpike }.map(\.segment))
        return segments.indices.compactMap { si in
            let a = segments[si]
            guard !covered.contains(si), !a.isGrowing, a.segment.samples.count >= 3,
                isNode(a.series, processArtifacts: processArtifacts)
            else { return nil }
            return GrowthWindow.whole(si, a)
        }
    }

    /// Pid-less heap dumps given to one growing window, and why.
    private typealias AttachedDumps = (window: GrowthWindow, items: [Placed<HeapSnapshotInfo>], note: String)

    /// Every heap snapshot placed in time. A pid-less dump whose name carries the pid of a recorded process
    /// (`heap-13742-1.json`), or a word of its name no other process has (`heap-worker3-1.json`), is that process's.
    private static func placedSnapshots(
        _ db: Database, _ placement: SnapshotPlacement, processes: [(pid: Int, name: String)]
    ) throws -> [Placed<HeapSnapshotInfo>] {
        let knownPids = Set(processes.map(\.pid))
        var snapshots = placed(
            try MemlineDatabase.heapSnapshots(db), placement, time: \.takenAt, source: \.takenAtSource,
            seq: { _ in nil },
            label: \.label)
        for i in snapshots.indices where snapshots[i].info.pid == nil {
            let label = snapshots[i].info.label
            snapshots[i].info.pid =
                SnapshotPlacement.pid(numberedIn: label, known: knownPids)
                ?? SnapshotPlacement.pid(namedIn: label, processes: processes)
        }
        return snapshots
    }

    /// The growing window that heap profiles without a pid (`quotad-20261206T153616Z.heap`) belong to: the one
    /// growing process whose window holds their times, or, when their times are unknown, the only one that grows.
    /// A profile names no runtime, so with two candidates nothing is guessed.
    private static func attachPidlessProfiles(
        _ profiles: [Placed<HeapProfileInfo>], windows: [GrowthWindow], segments: [AnalyzedSegment]
    ) -> (window: GrowthWindow, note: String)? {
        let pidless = profiles.filter { $0.info.pid == nil }
        guard pidless.count >= 2 else { return nil }
        let times = pidless.compactMap(\.ms)
        var candidates: [(window: GrowthWindow, keptKB: Double, label: String)] = []
        for w in windows where !w.isSpike && segments[w.segment].isGrowing {
            let a = segments[w.segment]
            guard let pid = a.series.pid, times.count < 2 || times.allSatisfy(w.contains),
                !candidates.contains(where: { segments[$0.window.segment].series.pid == pid })
            else { continue }
            candidates.append((w, a.trend.retainedKB, a.series.label))
        }
        guard candidates.count == 1 else { return nil }
        return SnapshotPlacement.attach(candidates, growthKB: 0, what: "The heap profiles")
    }

    /// The pids of Ruby processes: those with GC.stat samples, and those whose requests or jobs a Ruby log shows
    /// (Rails, lograge, Sidekiq, Passenger, a Rails filter's per-request RSS).
    private static func rubyPids(_ db: Database) throws -> Set<Int> {
        let rubyLogs =
            "SELECT id FROM artifacts WHERE format IN ('rails', 'lograge', 'sidekiq', 'passenger', 'request-rss')"
        return Set(
            try Int.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT pid FROM gc_samples WHERE pid IS NOT NULL
                    UNION SELECT DISTINCT pid FROM requests WHERE pid IS NOT NULL AND artifact_id IN (\(rubyLogs))
                    UNION SELECT DISTINCT pid FROM jobs WHERE pid IS NOT NULL AND artifact_id IN (\(rubyLogs))
                    UNION SELECT DISTINCT pid FROM request_memory WHERE pid IS NOT NULL AND artifact_id IN (\(rubyLogs))
                    """))
    }

    /// Pid-less heap dumps of an incident where no Ruby process grew and exactly one Ruby process was sampled: they
    /// are that process's, read as its retained view over its longest segment (a leak hidden beneath a heap grown
    /// for garbage levels the RSS off).
    private static func soleRubyWindow(
        _ segments: [AnalyzedSegment], windows: [GrowthWindow], snapshots: [Placed<HeapSnapshotInfo>],
        isRuby: (MemorySeries) -> Bool
    ) -> AttachedDumps? {
        let items = snapshots.filter { $0.info.pid == nil }
        guard items.count >= 2 else { return nil }
        let ruby = segments.indices.filter { segments[$0].series.pid != nil && isRuby(segments[$0].series) }
        guard Set(ruby.compactMap { segments[$0].series.pid }).count == 1,
            !ruby.contains(where: { segments[$0].isGrowing }),
            let si = ruby.max(by: { segments[$0].segment.samples.count < segments[$1].segment.samples.count })
        else { return nil }
        let window = windows.first { $0.segment == si && !$0.isSpike } ?? GrowthWindow.whole(si, segments[si])
        return (
            window, items,
            "The heap dumps carry no pid: attached to \(segments[si].series.label), the only Ruby process sampled"
        )
    }

    /// The growing window of a Ruby process that the pid-less heap dumps belong to, if any. A Ruby heap dump comes
    /// from a Ruby process (`rubyPids`, or a Ruby server's name): `windows` holds only theirs.
    private static func attachPidless(
        _ db: Database, _ snapshots: [Placed<HeapSnapshotInfo>], windows: [GrowthWindow], _ segments: [AnalyzedSegment]
    ) throws -> AttachedDumps? {
        attachPidless(
            snapshots.filter { $0.info.pid == nil }, windows: windows, segments: segments,
            jobPids: Set(try Int.fetchAll(db, sql: "SELECT DISTINCT pid FROM jobs WHERE pid IS NOT NULL")),
            requestPids: Set(
                try Int.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT pid FROM requests WHERE pid IS NOT NULL
                        UNION SELECT DISTINCT pid FROM request_memory WHERE pid IS NOT NULL
                        """)),
            growthKB: { Double(($0.last?.info.memsize ?? 0) - ($0.first?.info.memsize ?? 0)) / 1024 },
            what: "The heap dumps")
    }

    /// The heap diff of the process's own dumps in the window (with the pid-less dumps `adopted`), unless an
    /// earlier window already diffed the same dumps.
    private static func heapWindow(
        _ db: Database, _ w: GrowthWindow, _ a: AnalyzedSegment, pid: Int, _ snapshots: [Placed<HeapSnapshotInfo>],
        adopted: AttachedDumps?, _ placement: SnapshotPlacement, seen: inout Set<String>
    ) throws -> HeapWindowResult? {
        let own = snapshots.filter { $0.info.pid == pid && sameHost($0.info.host, a.series.host) }
        guard let chosen = choose(own + (adopted?.items ?? []), in: w) else { return nil }
        let key = "heap " + chosen.items.map { String($0.info.id) }.joined(separator: ",")
        guard seen.insert(key).inserted, var r = try heap(db, window: w, segment: a, chosen.items, timed: chosen.timed)
        else { return nil }
        r.timed = chosen.timed
        r.placement = placementNotes(
            timed: chosen.timed, attached: adopted?.note,
            copyTimes: chosen.items.contains { placement.isCopyTime($0.info.takenAt, source: $0.info.takenAtSource) },
            what: "heap dumps")
        return r
    }

    /// The growth between the process's first and last heap profiles of one kind in the window, unless an
    /// earlier window already compared the same profiles.
    /// - Parameter adopted: why the profiles without a pid are this process's, when they are; they are used when
    ///   it has none of its own.
    private static func profileWindow(
        _ db: Database, _ w: GrowthWindow, _ a: AnalyzedSegment, pid: Int, _ profiles: [Placed<HeapProfileInfo>],
        _ placement: SnapshotPlacement, adopted: String? = nil, seen: inout Set<String>
    ) throws -> ProfileWindowResult? {
        var ownProfiles = profiles.filter { $0.info.pid == pid && sameHost($0.info.host, a.series.host) }
        let adopting = ownProfiles.isEmpty && adopted != nil
        if adopting { ownProfiles = profiles.filter { $0.info.pid == nil && sameHost($0.info.host, a.series.host) } }
        guard let kind = ownProfiles.first?.info.kind,
            let chosen = choose(ownProfiles.filter { $0.info.kind == kind }, in: w)
        else { return nil }
        let key = "profile " + chosen.items.map { String($0.info.id) }.joined(separator: ",")
        guard seen.insert(key).inserted else { return nil }
        var r = try profile(db, window: w, segment: a, chosen.items, timed: chosen.timed)
        r.timed = chosen.timed
        r.placement = placementNotes(
            timed: chosen.timed, attached: adopting ? adopted : nil,
            copyTimes: chosen.items.contains { placement.isCopyTime($0.info.takenAt, source: $0.info.takenAtSource) },
            what: "profiles")
        return r
    }

    /// A dump with the time the analysis may use (nil: unknown) and its place in its sequence.
    struct Placed<T: Sendable>: Sendable {
        var info: T
        var ms: Int64?
        var order: Int
        /// Whether `ms` is a file's mtime: outside every window it says nothing, and the dump is placed by sequence.
        var fromMTime = false
        /// Its number in its sequence (`seq`, else the last number of its label).
        var seq = Int.max
    }

    /// Dumps ordered by trusted time; dumps whose time is unknown by their sequence (`seq`, else the number in the
    /// label), then ingest order.
    private static func placed<T>(
        _ items: [T], _ placement: SnapshotPlacement, time: KeyPath<T, String?>, source: KeyPath<T, String?>,
        seq: (T) -> Int?, label: KeyPath<T, String>
    ) -> [Placed<T>] {
        var keyed = items.enumerated().map { (offset, item) in
            (
                item: item, ms: placement.trustedMS(item[keyPath: time], source: item[keyPath: source]),
                seq: seq(item) ?? SnapshotPlacement.sequence(of: item[keyPath: label]) ?? Int.max, offset: offset,
                mtime: item[keyPath: source] == "mtime"
            )
        }
        // Several dumps whose mtimes lie within 2 s of each other were copied together, not taken then.
        let mtimes = keyed.filter(\.mtime).compactMap(\.ms)
        if mtimes.count >= 2, let low = mtimes.min(), let high = mtimes.max(), high - low <= 2000 {
            for i in keyed.indices where keyed[i].mtime { keyed[i].ms = nil }
        }
        let sorted = keyed.sorted { a, b in
            switch (a.ms, b.ms) {
            case (let x?, let y?): return (x, a.offset) < (y, b.offset)
            case (nil, nil): return (a.seq, a.offset) < (b.seq, b.offset)
            case (.some, nil): return true
            case (nil, .some): return false
            }
        }
        return sorted.enumerated().map {
            Placed(
                info: $0.element.item, ms: $0.element.ms, order: $0.offset, fromMTime: $0.element.mtime,
                seq: $0.element.seq)
        }
    }

    /// The dumps of a window: those timed inside it, or, when fewer than two are, every dump of the process whose
    /// time is unknown, in sequence order (a growing segment only: a spike needs times).
    private static func choose<T>(_ items: [Placed<T>], in w: GrowthWindow) -> (items: [Placed<T>], timed: Bool)? {
        let timed = items.filter { $0.ms.map(w.contains) ?? false }.sorted { $0.order < $1.order }
        if timed.count >= 2 { return (timed, true) }
        guard !w.isSpike else { return nil }
        let untimed = items.filter { item in item.ms.map { item.fromMTime && !w.contains($0) } ?? true }
            .sorted { ($0.seq, $0.order) < ($1.seq, $1.order) }
        return untimed.count >= 2 ? (untimed, false) : nil
    }

    /// The growing window that heap dumps without a pid belong to: by time when they have one, else among every
    /// growing process.
    private static func attachPidless(
        _ items: [Placed<HeapSnapshotInfo>], windows: [GrowthWindow], segments: [AnalyzedSegment],
        jobPids: Set<Int>, requestPids: Set<Int>,
        growthKB: ([Placed<HeapSnapshotInfo>]) -> Double, what: String
    ) -> (window: GrowthWindow, items: [Placed<HeapSnapshotInfo>], note: String)? {
        guard items.count >= 2 else { return nil }
        let times = items.compactMap(\.ms)
        let candidates = windows.filter { w in
            !w.isSpike && segments[w.segment].series.pid != nil
                && (times.count < 2 || times.allSatisfy(w.contains))
        }.map { w -> (window: GrowthWindow, keptKB: Double, label: String) in
            let a = segments[w.segment]
            return (w, a.trend.retainedKB, a.series.label)
        }
        // One process seen by two sources is one candidate.
        var unique: [(window: GrowthWindow, keptKB: Double, label: String)] = []
        for c in candidates
        where !unique.contains(where: {
            segments[$0.window.segment].series.pid == segments[c.window.segment].series.pid
        }) {
            unique.append(c)
        }
        // A role in the dumps' names (`sidekiq-heap-1.json`, `puma-heap-2.json`) narrows them to the processes of
        // that role: those that ran jobs, or those that served requests.
        let labels = items.map { $0.info.label.lowercased() }
        if let role = SnapshotPlacement.role(ofLabels: labels) {
            let rolePids = role == .jobs ? jobPids : requestPids
            let narrowed = unique.filter { c in
                let series = segments[c.window.segment].series
                return series.pid.map(rolePids.contains) == true || SnapshotPlacement.namesRole(series.process, role)
            }
            if !narrowed.isEmpty,
                let found = SnapshotPlacement.attach(narrowed, growthKB: growthKB(items), what: what)
            {
                return (found.window, items, found.note + " of those that \(role.rawValue), as their file names say")
            }
        }
        guard let found = SnapshotPlacement.attach(unique, growthKB: growthKB(items), what: what) else { return nil }
        return (found.window, items, found.note)
    }

    /// Why a window's dumps are placed as they are, for the suspects' reasons; nil when nothing was guessed.
    private static func placementNotes(timed: Bool, attached: String?, copyTimes: Bool, what: String) -> String? {
        var notes: [String] = []
        if let attached { notes.append(attached) }
        if !timed {
            notes.append(
                copyTimes
                    ? "the \(what)' file times are copy times far from the incident's other data, so they are ordered "
                        + "by their sequence and their timing is unknown"
                    : "the \(what) have no time, so they are ordered by their sequence and their timing is unknown")
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    private static func sameHost(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b
    }

    // MARK: Heap snapshots

    private static func heap(
        _ db: Database, window w: GrowthWindow, segment a: AnalyzedSegment,
        _ chosen: [Placed<HeapSnapshotInfo>], timed: Bool
    ) throws -> HeapWindowResult? {
        let base = chosen[0]
        let target = chosen.count >= 3 ? chosen[chosen.count - 2] : chosen[chosen.count - 1]
        let later = chosen.count >= 3 ? [chosen[chosen.count - 1].info] : []
        var result = HeapWindowResult(
            window: w, snapshots: [base.info, target.info] + later, leakedObjects: 0, leakedMemsize: 0, groups: [],
            // Untimed dumps are taken as evenly spread over the segment: BASE to TARGET is one of their gaps.
            keptKB: timed
                ? w.keptKB(in: a, fromMS: base.ms ?? w.startMS, toMS: target.ms ?? w.endMS)
                : w.keptKB(in: a, fromMS: w.startMS, toMS: w.endMS) / Double(max(1, chosen.count - 1)),
            reused: false)
        let stored = try Row.fetchAll(
            db,
            sql: """
                SELECT grouping, key, rank, objects, memsize, counts, sample_address, retention_path FROM heap_diff
                WHERE base_id = ? AND target_id = ? AND later_ids = ? AND grouping IN ('site', 'gem', 'class')
                ORDER BY grouping, rank
                """, arguments: [base.info.id, target.info.id, result.laterIDs])
        if !stored.isEmpty {
            // Snapshots never change once stored (re-ingesting gives new ids), so rows of the same ids are fresh.
            result.reused = true
            result.groups = stored.compactMap { row in
                guard let grouping = HeapGrouping(rawValue: row["grouping"]) else { return nil }
                let counts = (row["counts"] as String).split { "[], ".contains($0) }.compactMap { Int($0) }
                return HeapWindowResult.Group(
                    grouping: grouping, key: row["key"], rank: row["rank"], objects: row["objects"],
                    memsize: row["memsize"], counts: counts, sampleAddress: row["sample_address"],
                    retentionPath: row["retention_path"])
            }
        } else {
            let report = try HeapDiffComputation(base: base.info, target: target.info, later: later, top: 10).run(db)
            try MemlineDatabase.store(report, in: db)
            result.groups = report.groups.filter { [.site, .gem, .className].contains($0.grouping) }.map {
                HeapWindowResult.Group(
                    grouping: $0.grouping, key: $0.key, rank: $0.rank, objects: $0.objects, memsize: $0.memsize,
                    counts: $0.counts, sampleAddress: $0.sampleAddress, retentionPath: $0.retentionPath)
            }
        }
        try readSiteBytes(db, &result)
        // The diff's snapshots' times, when all are trusted: how fast each group grew between them.
        let used = chosen.count >= 3 ? [chosen[0], chosen[chosen.count - 2], chosen[chosen.count - 1]] : chosen
        let times = used.compactMap(\.ms)
        if timed, times.count == used.count {
            let gaps = zip(times.dropFirst(), times).map { Double($0 - $1) / 1000 }
            for i in result.groups.indices { result.groups[i].gapSeconds = gaps }
        }
        let sites = result.groups.filter { $0.grouping == .site }
        result.leakedObjects = sites.reduce(0) { $0 + $1.objects }
        result.leakedMemsize = sites.reduce(0) { $0 + $1.memsize }
        return result.leakedObjects > 0 ? result : nil
    }

    /// The bytes of each ranked site's live objects in each snapshot of the window (`v_heap_sites`).
    private static func readSiteBytes(_ db: Database, _ result: inout HeapWindowResult) throws {
        let keys = result.groups.filter { $0.grouping == .site }.map(\.key)
        guard !keys.isEmpty else { return }
        let ids = result.snapshots.map(\.id)
        var bytes: [String: [Int64: Int]] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT snapshot_id, site, memsize FROM v_heap_sites
                WHERE snapshot_id IN \(SQLText.list(ids.map(Int.init)))
                  AND site IN (\(Array(repeating: "?", count: keys.count).joined(separator: ", ")))
                """, arguments: StatementArguments(keys))
        for row in rows { bytes[row["site"], default: [:]][row["snapshot_id"]] = row["memsize"] }
        for i in result.groups.indices where result.groups[i].grouping == .site {
            let perSnapshot = bytes[result.groups[i].key] ?? [:]
            result.groups[i].memsizes = ids.map { perSnapshot[$0] ?? 0 }
        }
    }

    // MARK: Heap profiles

    private static func profile(
        _ db: Database, window w: GrowthWindow, segment a: AnalyzedSegment,
        _ chosen: [Placed<HeapProfileInfo>], timed: Bool
    ) throws -> ProfileWindowResult {
        let loaded = try chosen.map { try ProfileAggregate.load(db, profileID: $0.info.id) }
        let first = chosen[0]
        let last = chosen[chosen.count - 1]
        try MemlineDatabase.store(
            MemlineDatabase.report(
                base: first.info, target: last.info, baseAggregate: loaded[0], targetAggregate: loaded[loaded.count - 1]
            ),
            base: loaded[0], target: loaded[loaded.count - 1], in: db)
        // Suspects name the function that owns the memory, not the container code it grew through.
        let aggregates = loaded.map(\.byOwner)
        let baseAggregate = aggregates[0]
        let targetAggregate = aggregates[aggregates.count - 1]
        let report = MemlineDatabase.report(
            base: first.info, target: last.info, baseAggregate: baseAggregate, targetAggregate: targetAggregate)
        var flat: [String: [Double]] = [:]
        for row in report.functions where row.flatBytes > 0 {
            flat[row.name] = aggregates.map { $0.flat[row.name]?.bytes ?? 0 }
        }
        return ProfileWindowResult(
            window: w, profiles: chosen.map(\.info), report: report, flatBytes: flat,
            flatStacks: targetAggregate.flatStacks,
            keptKB: timed
                ? w.keptKB(in: a, fromMS: first.ms ?? w.startMS, toMS: last.ms ?? w.endMS)
                : w.keptKB(in: a, fromMS: w.startMS, toMS: w.endMS))
    }

    // MARK: Erlang processes

    /// Whether a memory series is the Erlang node's own: `erlang:memory()` totals, a `beam` process, or samples read
    /// from a file that also holds process samples.
    private static func isNode(_ series: MemorySeries, processArtifacts: Set<Int64>) -> Bool {
        if series.namesErlangNode { return true }
        return series.samples.contains { processArtifacts.contains($0.artifactID) }
    }

    private static func processes(_ db: Database, window w: GrowthWindow, segment a: AnalyzedSegment) throws
        -> ProcessWindowResult?
    {
        let from = max(w.searchFromMS, w.startMS - GrowthWindow.marginMS)
        let to = min(w.searchToMS, w.endMS + GrowthWindow.marginMS)
        var grown = try MemlineDatabase.processGrowth(db, host: .some(a.series.host), fromMS: from, toMS: to)
        var host = a.series.host
        // A node's OS process (pidstat names its host) and process samples written without one are one node.
        if grown.isEmpty, a.series.host != nil {
            grown = try MemlineDatabase.processGrowth(db, host: .some(nil), fromMS: from, toMS: to)
            host = nil
        }
        guard let first = grown.map(\.firstTS).min(), let last = grown.map(\.lastTS).max(), first < last else {
            return nil
        }
        var result = ProcessWindowResult(
            window: w, host: host, processes: grown, fromMS: first.milliseconds, toMS: last.milliseconds,
            keptKB: w.keptKB(in: a, fromMS: first.milliseconds, toMS: last.milliseconds))
        let kept = try grown.map {
            try ProcessWindowResult.keptKB(
                of: $0, host: host, fromMS: first.milliseconds, toMS: last.milliseconds, in: db)
        }
        result.processKeptKB = kept.map(\.kb)
        result.processLevelled = kept.map(\.levelled)
        result.processHolds = kept.map(\.holds)
        result.processSwings = kept.map(\.swings)
        return result
    }
}
