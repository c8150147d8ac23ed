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
        let windows = GrowthWindow.windows(segments)
        guard !windows.isEmpty else { return }
        let snapshots = try timed(MemlineDatabase.heapSnapshots(db), \.takenAt)
        let profiles = try timed(MemlineDatabase.heapProfiles(db), \.takenAt)
        let processArtifacts = Set(
            try Int64.fetchAll(db, sql: "SELECT DISTINCT artifact_id FROM process_samples ORDER BY artifact_id"))
        // Two windows (two spikes, or one process seen by two sources) holding the same artifacts count once.
        var seen = Set<String>()
        for w in windows {
            let a = segments[w.segment]
            if let pid = a.series.pid {
                let inWindow = snapshots.filter {
                    $0.info.pid == pid && sameHost($0.info.host, a.series.host) && w.contains($0.ms)
                }
                let key = "heap " + inWindow.map { String($0.info.id) }.joined(separator: ",")
                if inWindow.count >= 2, seen.insert(key).inserted, let r = try heap(db, window: w, segment: a, inWindow)
                {
                    results.heapWindows.append(r)
                }
                let inWindowProfiles = profiles.filter {
                    $0.info.pid == pid && sameHost($0.info.host, a.series.host) && w.contains($0.ms)
                }
                if let kind = inWindowProfiles.first?.info.kind {
                    let same = inWindowProfiles.filter { $0.info.kind == kind }
                    let key = "profile " + same.map { String($0.info.id) }.joined(separator: ",")
                    if same.count >= 2, seen.insert(key).inserted {
                        results.profileWindows.append(try profile(db, window: w, segment: a, same))
                    }
                }
            }
            if !processArtifacts.isEmpty, isNode(a.series, processArtifacts: processArtifacts),
                let r = try processes(db, window: w, segment: a),
                seen.insert("process \(r.host ?? "") \(r.fromMS) \(r.toMS)").inserted
            {
                results.processWindows.append(r)
            }
        }
    }

    /// Items with a parseable time, in time order (then id order, as listed).
    private static func timed<T>(_ items: [T], _ time: KeyPath<T, String?>) -> [(info: T, ms: Int64)] {
        items.compactMap { item in item[keyPath: time].flatMap(GrowthWindow.ms).map { (item, $0) } }
            .enumerated().sorted { ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset) }.map(\.element)
    }

    private static func sameHost(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b
    }

    // MARK: Heap snapshots

    private static func heap(
        _ db: Database, window w: GrowthWindow, segment a: AnalyzedSegment,
        _ chosen: [(info: HeapSnapshotInfo, ms: Int64)]
    ) throws -> HeapWindowResult? {
        let base = chosen[0]
        let target = chosen.count >= 3 ? chosen[chosen.count - 2] : chosen[chosen.count - 1]
        let later = chosen.count >= 3 ? [chosen[chosen.count - 1].info] : []
        var result = HeapWindowResult(
            window: w, snapshots: [base.info, target.info] + later, leakedObjects: 0, leakedMemsize: 0, groups: [],
            keptKB: w.keptKB(in: a, fromMS: base.ms, toMS: target.ms), reused: false)
        let stored = try Row.fetchAll(
            db,
            sql: """
                SELECT grouping, key, rank, objects, memsize, counts, sample_address, retention_path FROM heap_diff
                WHERE base_id = ? AND target_id = ? AND later_ids = ? AND grouping IN ('site', 'gem')
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
            result.groups = report.groups.filter { $0.grouping == .site || $0.grouping == .gem }.map {
                HeapWindowResult.Group(
                    grouping: $0.grouping, key: $0.key, rank: $0.rank, objects: $0.objects, memsize: $0.memsize,
                    counts: $0.counts, sampleAddress: $0.sampleAddress, retentionPath: $0.retentionPath)
            }
        }
        let sites = result.groups.filter { $0.grouping == .site }
        result.leakedObjects = sites.reduce(0) { $0 + $1.objects }
        result.leakedMemsize = sites.reduce(0) { $0 + $1.memsize }
        return result.leakedObjects > 0 ? result : nil
    }

    // MARK: Heap profiles

    private static func profile(
        _ db: Database, window w: GrowthWindow, segment a: AnalyzedSegment,
        _ chosen: [(info: HeapProfileInfo, ms: Int64)]
    ) throws -> ProfileWindowResult {
        let aggregates = try chosen.map { try ProfileAggregate.load(db, profileID: $0.info.id) }
        let first = chosen[0]
        let last = chosen[chosen.count - 1]
        let baseAggregate = aggregates[0]
        let targetAggregate = aggregates[aggregates.count - 1]
        let report = MemlineDatabase.report(
            base: first.info, target: last.info, baseAggregate: baseAggregate, targetAggregate: targetAggregate)
        try MemlineDatabase.store(report, base: baseAggregate, target: targetAggregate, in: db)
        var flat: [String: [Double]] = [:]
        for row in report.functions where row.flatBytes > 0 {
            flat[row.name] = aggregates.map { $0.flat[row.name]?.bytes ?? 0 }
        }
        return ProfileWindowResult(
            window: w, profiles: chosen.map(\.info), report: report, flatBytes: flat,
            flatStacks: targetAggregate.flatStacks, keptKB: w.keptKB(in: a, fromMS: first.ms, toMS: last.ms))
    }

    // MARK: Erlang processes

    /// Whether a memory series is the Erlang node's own: `erlang:memory()` totals, a `beam` process, or samples read
    /// from a file that also holds process samples.
    private static func isNode(_ series: MemorySeries, processArtifacts: Set<Int64>) -> Bool {
        if let process = series.process, process == "erlang:total" || process.hasPrefix("beam") { return true }
        return series.samples.contains { processArtifacts.contains($0.artifactID) }
    }

    private static func processes(_ db: Database, window w: GrowthWindow, segment a: AnalyzedSegment) throws
        -> ProcessWindowResult?
    {
        let from = max(w.searchFromMS, w.startMS - GrowthWindow.marginMS)
        let to = min(w.searchToMS, w.endMS + GrowthWindow.marginMS)
        let grown = try MemlineDatabase.processGrowth(db, host: .some(a.series.host), fromMS: from, toMS: to)
        guard let first = grown.map(\.firstTS).min(), let last = grown.map(\.lastTS).max(), first < last else {
            return nil
        }
        return ProcessWindowResult(
            window: w, host: a.series.host, processes: grown, fromMS: first.milliseconds, toMS: last.milliseconds,
            keptKB: w.keptKB(in: a, fromMS: first.milliseconds, toMS: last.milliseconds))
    }
}
