import Foundation
import GRDB

/// One reconciliation over every suspect, so the verdict never names what its own evidence contradicts.
///
/// - **What is retained decides.** Where the runtime's own view of what it retains exists for a growing process
///   (a Ruby heap diff, a heap-profile diff, Erlang process memory) and names something, attributions by RSS deltas
///   or timing on that process are only possible: in a garbage-collected runtime a per-request RSS delta says when
///   the heap grew, not what it kept. An endpoint whose requests "kept" far more than the whole retained view holds
///   is ruled out: its deltas were heap pages grown for garbage.
/// - **Unless the growth is outside the heap.** When a Ruby heap diff retains under `outsideHeapMaxShare` of what
///   RSS kept while GC runs and heap pages barely move, the growth is native (a C extension, malloc) or
///   fragmentation: the allocation sites of that small retained set are ruled out, and the summary says so.
/// - **Deltas are not corroboration.** An RSS-delta endpoint with no retained view is possible, never confident,
///   when seen on one process only, and in a garbage-collected runtime on any number of processes.
/// - **What changed.** A deploy, release, configuration change or rollback shortly before a growing segment's
///   change point is a suspect of kind `change`; a rollback at the end of growth too.
/// - **One culprit, one suspect.** Suspects of one kind and the same stable identity (a registered name, a worker
///   slot, a job class, an endpoint) are merged, each segment listed as evidence.
struct VerdictReconciler {
    let db: Database
    let segments: [AnalyzedSegment]
    let correlations: CorrelationResults
    let thresholds: AnalysisThresholds
    /// The incident's growth, KiB (see `SuspectBuilder`).
    let base: Double

    struct Outcome: Sendable {
        var suspects: [SuspectDraft]
        var ruledOut: [RuledOutDraft]
        /// Segments whose growth the retained view mostly does not hold (outside the heap, or heap grown for
        /// short-lived objects), with the sentence that says so.
        var outsideHeap: [Int: String] = [:]
        /// The segments whose growth is outside the runtime's heap (GC ran, its pages stayed): there a heap diff
        /// cannot say what RSS deltas kept.
        var grewOutsideHeap: Set<Int> = []
        /// The segments whose heap snapshots retained little while no GC statistics say whether the heap grew: the
        /// rest is outside the heap or heap grown for short-lived objects, and nothing here tells which.
        var outsideHeapUnknown: Set<Int> = []
    }

    /// A growing segment's retained view: what the runtime says it kept against what RSS kept meanwhile.
    struct RetainedView: Sendable {
        var segment: Int
        var keptKB: Double
        var retainedKB: Double
        var source: String
        var isRubyHeap: Bool
        var coverage: Double { keptKB > 0 ? retainedKB / keptKB : .infinity }
    }

    func reconcile(_ drafts: [SuspectDraft], ruledOut: [RuledOutDraft]) throws -> Outcome {
        var out = Outcome(suspects: drafts, ruledOut: ruledOut)
        let views = retainedViews()
        try markOutsideHeap(&out, views: views)
        ruleOutUnheldSteps(&out, views: views)
        retainedDecides(&out, views: views)
        try hedgeLoneDeltas(&out, views: views)
        hedgeTiming(&out)
        try ruleOutGarbageRuns(&out)
        demoteOneOffSteps(&out)
        foldGCIntoDivergentSiblings(&out)
        out.suspects += try AllocatingWork(
            db: db, segments: segments, correlations: correlations, thresholds: thresholds
        ).suspects(for: out.suspects, ruledOut: out.ruledOut)
        out.suspects += try ChangeSuspects(db: db, segments: segments, thresholds: thresholds, base: base).suspects()
        try ruleOutSettledSteps(&out)
        out.suspects = SuspectMerger.merge(out.suspects, evidenceRows: thresholds.evidenceRows) { [segments] si in
            guard segments.indices.contains(si), let first = segments[si].segment.samples.first,
                let last = segments[si].segment.samples.last
            else { return nil }
            return (first.ms, last.ms)
        }
        let tiers = tiers(out.suspects)
        out.suspects = zip(tiers, out.suspects).sorted { a, b in
            (b.0, a.1.score, b.1.kind.rawValue, b.1.name) > (a.0, b.1.score, a.1.kind.rawValue, a.1.name)
        }.map(\.1)
        return out
    }

    /// Rank tiers, before scores: what the runtime retains (0; a cache that filled goes with the rest), then the rest
    /// (1), then a hedged change beside work named in the same growth (2: the change says when growth began, the work
    /// who adds to it), then suspects that explain only one-off steps while some process keeps leaking (3).
    private func tiers(_ suspects: [SuspectDraft]) -> [Int] {
        let leaking = segments.contains { $0.isOngoingLeak(thresholds) }
        let work = suspects.filter { [.endpoint, .jobClass, .function, .allocationSite].contains($0.kind) }
        return suspects.map { s in
            if [.retained, .allocates].contains(s.basis) { return s.levelledOff ? 1 : 0 }
            if s.kind == .change, !s.confident,
                work.contains(where: { !Set($0.segments).isDisjoint(with: s.segments) })
            {
                return 2
            }
            if leaking, !s.segments.isEmpty, s.segments.allSatisfy({ segments[$0].trend.kind == .step }) { return 3 }
            return 1
        }
    }

    // MARK: Retained views

    private func retainedViews() -> [RetainedView] {
        var views: [RetainedView] = []
        for r in correlations.heapWindows where !r.window.isSpike {
            views.append(
                RetainedView(
                    segment: r.window.segment, keptKB: r.keptKB, retainedKB: Double(r.leakedMemsize) / 1024,
                    source: "the heap snapshots", isRubyHeap: true))
        }
        for r in correlations.profileWindows where !r.window.isSpike {
            views.append(
                RetainedView(
                    segment: r.window.segment, keptKB: r.keptKB, retainedKB: r.report.totalBytes / 1024,
                    source: "the heap profiles", isRubyHeap: false))
        }
        for r in correlations.processWindows where !r.window.isSpike {
            // What processes kept, not where a transient happened to be at the last sample.
            let grown = zip(r.processes, r.heldKB).filter { ($0.0.memoryGrowth ?? 0) > 0 }
                .reduce(0.0) { $0 + max(0, $1.1) }
            views.append(
                RetainedView(
                    segment: r.window.segment, keptKB: r.keptKB, retainedKB: grown,
                    source: "the process samples", isRubyHeap: false))
        }
        return views
    }

    // MARK: Outside the heap

    /// Ruby heap diffs that retain a small share of what RSS kept while GC ran: the growth is outside the heap.
    private func markOutsideHeap(_ out: inout Outcome, views: [RetainedView]) throws {
        let gc = try GCCheck(db)
        for v in views where v.isRubyHeap && v.keptKB >= thresholds.suspectMinKB {
            guard v.coverage < thresholds.outsideHeapMaxShare else { continue }
            let a = segments[v.segment]
            guard let pid = a.series.pid,
                let verdict = try gc.verdict(db, pid: pid, fromMS: a.segment.startMS, toMS: a.segment.endMS),
                let pages = try heapPages(pid: pid, a)
            else {
                // Without the heap's own size, heap grown for short-lived objects (kept by Ruby once grown) and
                // growth outside the heap look alike: the snapshots' sites stay suspects.
                out.outsideHeap[v.segment] =
                    "\(a.series.label) kept \(formatMB(v.keptKB)) of RSS while \(v.source) retained "
                    + "\(formatMB(v.retainedKB)) (\(formatPercent(v.coverage))); GC statistics (heap pages) were not "
                    + "recorded, so heap grown for short-lived objects cannot be told from growth outside the Ruby heap"
                out.outsideHeapUnknown.insert(v.segment)
                continue
            }
            if verdict.neverRan { continue }  // GC disabled: the heap itself grows; the GC suspect says so
            let grownKB = Double(max(0, pages.last - pages.first)) * 16
            let heapMoved = grownKB >= thresholds.outsideHeapMaxShare * v.keptKB
            let gcWords =
                "GC ran \(formatCount(verdict.countLast - verdict.countFirst)) times and heap pages went "
                + "\(formatCount(pages.first)) → \(formatCount(pages.last))"
            guard !heapMoved else {
                // The heap itself grew, but the objects that survived are few: it grew for short-lived objects,
                // and Ruby keeps its pages (and malloc its arenas) once grown.
                out.outsideHeap[v.segment] =
                    "\(a.series.label) kept \(formatMB(v.keptKB)) of RSS while \(v.source) retained "
                    + "\(formatMB(v.retainedKB)) (\(formatPercent(v.coverage))) and \(gcWords): the rest is heap grown "
                    + "for short-lived objects, which Ruby keeps once grown, not a leak"
                continue
            }
            guard a.trend.kind == .leak else {
                // RSS stepped (transient work's memory kept by malloc) and then stayed, while the retained set kept
                // rising: what keeps growing is the retained set, hidden in memory the process reuses.
                out.outsideHeap[v.segment] =
                    "\(a.series.label) stepped up \(formatMB(a.trend.retainedKB)) of RSS, memory that transient work "
                    + "left with malloc (\(v.source) retained \(formatMB(v.retainedKB)) and \(gcWords)); what keeps "
                    + "growing under it is what the snapshots retain"
                continue
            }
            let sentence =
                "\(a.series.label) kept \(formatMB(v.keptKB)) of RSS while \(v.source) retained "
                + "\(formatMB(v.retainedKB)) (\(formatPercent(v.coverage))) and \(gcWords): the growth is outside the "
                + "Ruby heap, in native allocations (a C extension, malloc) or fragmentation"
            out.outsideHeap[v.segment] = sentence
            out.grewOutsideHeap.insert(v.segment)
            var kept: [SuspectDraft] = []
            for s in out.suspects {
                if [.allocationSite, .gem].contains(s.kind), s.segments.allSatisfy(out.grewOutsideHeap.contains) {
                    out.ruledOut.append(
                        RuledOutDraft(
                            kind: s.kind, name: s.name,
                            reason: "its objects hold \(formatMB(s.explainedKB)), a small retained set beside the "
                                + "\(formatMB(v.keptKB)) RSS kept: " + sentence,
                            sql: s.sql))
                } else {
                    kept.append(s)
                }
            }
            out.suspects = kept
        }
    }

    /// First and last `heap_allocated_pages` of a process in a segment.
    private func heapPages(pid: Int, _ a: AnalyzedSegment) throws -> (first: Int, last: Int)? {
        let rows = try Int.fetchAll(
            db,
            sql: """
                SELECT heap_allocated_pages FROM gc_samples
                WHERE pid = ? AND ts >= ? AND ts <= ? AND heap_allocated_pages IS NOT NULL ORDER BY ts, id
                """,
            arguments: [
                pid, Timestamp(milliseconds: a.segment.startMS).iso8601,
                Timestamp(milliseconds: a.segment.endMS).iso8601,
            ])
        guard let first = rows.first, let last = rows.last, rows.count >= 2 else { return nil }
        return (first, last)
    }

    /// A one-off step that the runtime's own view holds almost none of (no process, object or function kept it)
    /// is memory the runtime's allocator kept after transient work, not retained data: the "nothing explains it"
    /// suspect for it is ruled out. A steady leak the view does not hold stays (possibly outside the heap).
    private func ruleOutUnheldSteps(_ out: inout Outcome, views: [RetainedView]) {
        var kept: [SuspectDraft] = []
        for s in out.suspects {
            guard s.kind == .process, s.basis == .process, s.segments.count == 1, let si = s.segments.first,
                segments[si].trend.kind == .step || segments[si].trend.beneathWarmUp,
                let v = views.first(where: { $0.segment == si }), v.coverage < thresholds.outsideHeapMaxShare
            else {
                kept.append(s)
                continue
            }
            let trend = segments[si].trend
            let how =
                trend.kind == .step
                ? "it stepped up \(formatMB(trend.retainedKB)) once and stopped"
                : "after a warm-up it rose \(formatMB(trend.retainedKB * (trend.tailShare ?? 1))) more through its "
                    + "last third, slowly"
            let held =
                v.retainedKB > 0
                ? "\(v.source) hold \(formatMB(v.retainedKB)) of it (\(formatPercent(v.coverage)))"
                : "\(v.source) hold none of it (they shrank by \(formatMB(-v.retainedKB)))"
            out.ruledOut.append(
                RuledOutDraft(
                    kind: s.kind, name: s.name,
                    reason: "\(how), while \(held): memory the runtime's allocator kept after transient work, "
                        + "not data it retains",
                    sql: s.sql))
        }
        out.suspects = kept
    }

    // MARK: What is retained decides

    /// On segments whose retained view named a suspect, RSS-delta and timing attributions become possible at most;
    /// an endpoint that kept far more than the retained view holds is ruled out.
    private func retainedDecides(_ out: inout Outcome, views: [RetainedView]) {
        var decided: [Int: (name: String?, view: RetainedView)] = [:]
        for s in out.suspects where s.basis == .retained {
            for si in s.segments where decided[si] == nil {
                if let v = views.first(where: { $0.segment == si }) { decided[si] = (s.name, v) }
            }
        }
        // A Ruby heap diff of a growing process decides even when nothing it retains was worth naming: what did
        // not survive in it was not kept, whatever RSS says.
        for v in views
        where v.isRubyHeap && decided[v.segment] == nil && segments[v.segment].isGrowing
            && !out.grewOutsideHeap.contains(v.segment)
        {
            decided[v.segment] = (nil, v)
        }
        guard !decided.isEmpty else { return }
        // Siblings run the same code: one worker's dumps speak for the others of its role, each retaining about as
        // much (their own RSS kept is theirs).
        for (si, d) in decided.sorted(by: { $0.key < $1.key }) where d.view.isRubyHeap {
            for sj in segments.indices
            where decided[sj] == nil && segments[sj].isGrowing && !out.grewOutsideHeap.contains(sj)
                && segments[sj].series.role == segments[si].series.role
            {
                var v = d.view
                v.segment = sj
                v.keptKB = segments[sj].trend.retainedKB
                v.source = "the heap snapshots of its sibling \(segments[si].series.label)"
                decided[sj] = (d.name, v)
                if out.outsideHeapUnknown.contains(si) { out.outsideHeapUnknown.insert(sj) }
            }
        }
        var kept: [SuspectDraft] = []
        for var s in out.suspects {
            let touched = s.segments.filter { decided[$0] != nil }
            guard [.rssDelta, .timing, .perInterval].contains(s.basis), !touched.isEmpty else {
                kept.append(s)
                continue
            }
            let all = s.segments.reduce(0.0) { $0 + segments[$1].trend.retainedKB }
            let here = touched.reduce(0.0) { $0 + segments[$1].trend.retainedKB }
            let claimedKB = all > 0 ? s.explainedKB * here / all : s.explainedKB
            let retainedKB = touched.reduce(0.0) { total, si in
                guard let v = decided[si]?.view else { return total }
                return total + min(1, v.coverage) * segments[si].trend.retainedKB
            }
            let first = decided[touched[0]]
            let source = first?.view.source ?? "the retained view"
            let named = first?.name ?? "\(formatMB(first?.view.retainedKB ?? 0)) in all, at no site worth naming"
            // Snapshots that named nothing, with no GC statistics to say the heap grew, cannot call RSS transient
            // where the processes kept rising: what requests kept may be native memory the snapshots never see. (A
            // process that levelled off or stepped holds a high-water mark: heap grown for short-lived objects.)
            let undecided =
                first?.name == nil
                && touched.allSatisfy { out.outsideHeapUnknown.contains($0) && segments[$0].isOngoingLeak(thresholds) }
            if s.basis == .rssDelta, claimedKB > 2 * retainedKB + thresholds.suspectMinKB, !undecided {
                out.ruledOut.append(
                    RuledOutDraft(
                        kind: s.kind, name: s.name,
                        reason: "its RSS deltas were transient: \(source) retained about \(formatMB(retainedKB)) in "
                            + "all on the same processes, against the \(formatMB(claimedKB)) its requests kept, so "
                            + "what they kept was heap grown for short-lived objects, not objects that survived "
                            + "(what survived: \(named))",
                        sql: s.sql))
                continue
            }
            let weight = s.confident ? ConfidenceWeight.confident : ConfidenceWeight.hedged
            s.score = round2(s.score / weight * ConfidenceWeight.uncorroborated)
            if s.confident {
                s.confident = false
                s.reason = possibly(s.reason)
            }
            if undecided {
                s.reason +=
                    "; \(source) retained \(formatMB(retainedKB)) on the same processes, so what its requests kept is "
                    + "memory outside the objects that survived: native allocations (a C extension, malloc) or heap "
                    + "grown for short-lived objects; GC.stat's heap pages beside the snapshots would tell which"
                kept.append(s)
                continue
            }
            s.reason +=
                "; \(source) name what is retained (\(named)), and "
                + (s.basis == .rssDelta
                    ? "in a garbage-collected runtime RSS deltas say when the heap grew, not what it kept"
                    : "running at the same time does not say what was kept")
            kept.append(s)
        }
        out.suspects = kept
    }

    /// A heavy job run a few times whose objects GC.stat saw freed again is ruled out when something else is named:
    /// its steps are heap grown for garbage (`GarbageRuns`). When nothing else is, it is still what made the steps,
    /// hedged with the same reason: the high-water mark it left is the growth.
    private func ruleOutGarbageRuns(_ out: inout Outcome) throws {
        let garbage = GarbageRuns(db: db, segments: segments, t: thresholds)
        var kept: [SuspectDraft] = []
        var transient: [(suspect: SuspectDraft, reason: String)] = []
        for s in out.suspects {
            if let reason = try garbage.transient(s) { transient.append((s, reason)) } else { kept.append(s) }
        }
        guard !kept.isEmpty else {
            out.suspects = transient.map { s, reason in
                var s = s
                s.confident = false
                s.reason += "; \(reason)"
                return s
            }
            return
        }
        for (s, reason) in transient {
            out.ruledOut.append(RuledOutDraft(kind: s.kind, name: s.name, reason: reason, sql: s.sql))
        }
        out.suspects = kept
    }

    /// When some process keeps leaking, a suspect that explains only one-off steps (a load that came and stayed,
    /// then stopped growing) ranks below it: the ongoing growth is what runs into the limit.
    private func demoteOneOffSteps(_ out: inout Outcome) {
        let leaking = segments.indices.filter { segments[$0].isOngoingLeak(thresholds) }
        guard !leaking.isEmpty else { return }
        for i in out.suspects.indices {
            let s = out.suspects[i]
            guard s.basis != .retained, !s.segments.isEmpty,
                s.segments.allSatisfy({ segments[$0].trend.kind == .step })
            else { continue }
            out.suspects[i].score = round2(s.score * ConfidenceWeight.oneOffStep)
            out.suspects[i].reason +=
                "; it explains a one-off step that then stopped growing, while \(segments[leaking[0]].series.label) "
                + "keeps leaking"
        }
    }

    /// When no process leaks, a suspect that explains only steps that settled (RSS stepped up once, then stayed put,
    /// no limit reached, no process killed for its memory) is ruled out, unless it rests on what the runtime retains: the memory is what
    /// an allocator keeps after one load (a job's result set freed, a deploy's fresh workers warming up), and nothing
    /// grows any more.
    private func ruleOutSettledSteps(_ out: inout Outcome) throws {
        // While a process keeps leaking, a settled step is a second lead, ranked after it (`demoteOneOffSteps`).
        guard !segments.contains(where: { $0.isOngoingLeak(thresholds) }) else { return }
        var settled = Set<Int>()
        let recordingEnd = segments.map(\.segment.endMS).max() ?? 0
        let gc = try GCCheck(db)
        for si in segments.indices
        where segments[si].hasSettled(thresholds)
            || segments[si].endedHoldingItsRise(recordingEndMS: recordingEnd, thresholds)
        {
            // A process whose GC never runs keeps all it allocates: its next load steps it up again.
            let a = segments[si]
            let gcNeverRan =
                try a.series.pid.flatMap {
                    try gc.verdict(db, pid: $0, fromMS: a.segment.startMS, toMS: a.segment.endMS)
                }?.neverRan ?? false
            if try !gcNeverRan && !killedForMemory(a) { settled.insert(si) }
        }
        guard !settled.isEmpty else { return }
        var kept: [SuspectDraft] = []
        for s in out.suspects {
            // What each run kept, counted per interval, is not the step: it stays.
            guard ![.retained, .allocates, .perInterval].contains(s.basis), !s.segments.isEmpty,
                s.segments.allSatisfy(settled.contains)
            else {
                kept.append(s)
                continue
            }
            let a = segments[s.segments[0]]
            out.ruledOut.append(RuledOutDraft(kind: s.kind, name: s.name, reason: settledReason(a), sql: s.sql))
        }
        out.suspects = kept
    }

    /// Why what a settled segment explains is not growth that goes on.
    private func settledReason(_ a: AnalyzedSegment) -> String {
        guard a.hasSettled(thresholds) else {
            return "what it explains is a rise \(a.series.label) did not outlive: it rose "
                + "\(formatMB(a.trend.retainedKB)), most of it in the last third of its life, and ended "
                + "without a memory kill before the recording did, so whether it would have kept it is unknown"
        }
        let stretch =
            (a.trend.tailShare ?? 1) <= thresholds.settledTailShare
            ? "the last third of its \(a.segment.samples.count) samples"
            : "the last \(formatPercent(a.trend.afterLastStep?.durationShare ?? 0)) of the run, after its last jump"
        return "what it explains is a step that settled: \(a.series.label) stepped up "
            + "\(formatMB(a.trend.retainedKB)) and its floor stayed put for \(stretch), with no limit reached: "
            + "memory the allocator kept after one load, not growth that goes on"
    }

    /// Whether a memory event (an OOM kill, a worker killer, ENOMEM, a platform's R14/R15) hit the segment's process
    /// while it ran or within a minute after.
    private func killedForMemory(_ a: AnalyzedSegment) throws -> Bool {
        let who =
            a.series.pid.map { ("pid = ?", [$0 as any DatabaseValueConvertible]) }
            ?? a.series.host.map { ("host = ?", [$0 as any DatabaseValueConvertible]) } ?? ("1", [])
        return try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM events WHERE \(who.0)
                  AND (kind IN ('oom', 'worker-killed', 'enomem') OR kind LIKE 'r1_')
                  AND ts BETWEEN ? AND ?)
                """,
            arguments: StatementArguments(
                who.1 + [
                    AnalysisWriter.iso(a.segment.startMS), AnalysisWriter.iso(a.segment.endMS + GrowthWindow.marginMS),
                ])) ?? false
    }

    /// "GC never runs" in the very processes a divergent-sibling suspect names is that suspect's verdict, not a
    /// second culprit: the sibling is named as the divergent one, carrying the GC verdict and the higher score.
    private func foldGCIntoDivergentSiblings(_ out: inout Outcome) {
        guard let gi = out.suspects.firstIndex(where: { $0.kind == .configuration && $0.basis == .configuration })
        else { return }
        let gc = out.suspects[gi]
        var folded = false
        for i in out.suspects.indices where out.suspects[i].basis == .process && out.suspects[i].kind == .process {
            let sibling = out.suspects[i]
            guard !sibling.segments.isEmpty, Set(sibling.segments).isSubset(of: Set(gc.segments)),
                sibling.reason.contains("GC never runs")
            else { continue }
            out.suspects[i].score = max(sibling.score, gc.score)
            out.suspects[i].confident = sibling.confident || gc.confident
            out.suspects[i].evidence = Array((sibling.evidence + gc.evidence).prefix(thresholds.evidenceRows))
            folded = true
        }
        if folded, Set(gc.segments).isSubset(of: Set(out.suspects.filter { $0.kind == .process }.flatMap(\.segments))) {
            out.suspects.remove(at: gi)
        }
    }

    /// Timing alone (a job's runs, requests in flight, requests per interval) is possible at most: the job and
    /// request logs memline reads come from garbage-collected runtimes, where work that runs while the heap grows
    /// need not keep anything. What retained views corroborate was already settled by `retainedDecides`.
    private func hedgeTiming(_ out: inout Outcome) {
        for i in out.suspects.indices
        where [.timing, .perInterval].contains(out.suspects[i].basis) && out.suspects[i].confident {
            let s = out.suspects[i]
            out.suspects[i].confident = false
            out.suspects[i].score = round2(s.score * ConfidenceWeight.hedged)
            out.suspects[i].reason =
                possibly(s.reason, lead: "Possibly: ")
                + "; timing alone, and in a garbage-collected runtime work that runs while the heap grows need not "
                + "keep anything: heap snapshots of the process would tell"
        }
    }

    /// An RSS-delta endpoint with no retained view behind it is possible at most when it rests on one process, or on
    /// processes of a garbage-collected runtime (GC.stat samples, or a Ruby server's name).
    private func hedgeLoneDeltas(_ out: inout Outcome, views: [RetainedView]) throws {
        let gcPids = Set(try Int.fetchAll(db, sql: "SELECT DISTINCT pid FROM gc_samples WHERE pid IS NOT NULL"))
        for i in out.suspects.indices {
            let s = out.suspects[i]
            guard s.basis == .rssDelta, s.confident,
                !s.segments.contains(where: { si in views.contains { $0.segment == si } })
            else { continue }
            // In a garbage-collected runtime heap pages grown for a burst of garbage stay: a delta says when the
            // heap grew, not what it kept, so without a retained view it is possible at most.
            let collected = s.segments.contains { si in
                let series = segments[si].series
                return series.pid.map(gcPids.contains) == true
                    || (series.process != nil && SnapshotPlacement.looksLikeRuby(series.process))
            }
            guard s.segments.count < 2 || collected else { continue }
            out.suspects[i].confident = false
            out.suspects[i].score = round2(s.score * ConfidenceWeight.hedged)
            out.suspects[i].reason =
                possibly(s.reason)
                + (s.segments.count < 2
                    ? " (one process only, and no heap snapshot corroborates it)"
                    : " (in a garbage-collected runtime a per-request RSS delta says when the heap grew, not what it "
                        + "kept, and no heap snapshot of these processes corroborates it)")
        }
    }
}
