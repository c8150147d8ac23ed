/// A segment with everything the analysis found for it, and the ids its rows got.
struct AnalyzedSegment: Sendable {
    var segment: Segment
    var trend: TrendResult
    var spikes: [SpikeResult]
    /// Time-weighted median retained growth of the role's segments, KiB per hour (roles with enough siblings).
    var siblingKBPerHour: Double?
    var divergent = false
    /// The most a sibling kept before it levelled off (a plateau of the same role), KiB; nil without one.
    var siblingPlateauKB: Double?
    var trendID: Int64 = 0
    var spikeIDs: [Int64] = []
    /// Index into the request partitions of the same process, if it logged per-request RSS.
    var partition: Int?

    var series: MemorySeries { segment.series }
    var hours: Double { max(segment.durationSeconds, 1) / 3600 }
    var kbPerHour: Double { trend.retainedKB / hours }
    var isGrowing: Bool { trend.kind == .leak || trend.kind == .step }

    /// Whether it kept no more than a sibling that levelled off: a young process warming up to where its siblings
    /// already are (a recycled worker filling its caches), not growth of its own.
    var warmsUpToSiblings: Bool { siblingPlateauKB.map { trend.retainedKB <= $0 } ?? false }

    /// Whether this segment leaks enough to be the incident's ongoing growth: beside it, one-off steps are second
    /// leads (ranked after it), and unexplained steps are named. A young process rising to where a levelled-off
    /// sibling stands is warming up, not the ongoing growth.
    func isOngoingLeak(_ t: AnalysisThresholds) -> Bool {
        trend.kind == .leak && trend.retainedKB >= t.suspectMinKB / 2 && !warmsUpToSiblings
    }

    /// Whether its RSS rose at every one of at least six samples: retention that grows with the work, not the
    /// staircase a few heavy loads leave.
    var risesAtEverySample: Bool {
        let samples = segment.samples
        return samples.count >= 6 && zip(samples.dropFirst(), samples).allSatisfy { $0.rssKB > $1.rssKB }
    }

    /// How long the segment held the level it rose to, seconds: from when its floor first came within a tenth of its
    /// growth of where it ended, to its end.
    var levelledSeconds: Double {
        let floor = segment.floor
        guard let first = floor.first, let last = floor.last, let end = segment.samples.last else { return 0 }
        let mark = last - 0.1 * max(0, last - first)
        guard let i = floor.firstIndex(where: { $0 >= mark }) else { return 0 }
        return Double(end.ms - segment.samples[i].ms) / 1000
    }

    /// Whether RSS reached a known limit: a spike that crossed it, or a sample at or above it.
    var reachedLimit: Bool {
        if spikes.contains(where: \.crossedLimit) { return true }
        guard let limit = trend.limitKB else { return false }
        return segment.samples.contains { $0.rssKB >= limit }
    }

    /// Whether the process ended (recycled, killed, restarted) `endedEarlySeconds` before the recording did, with
    /// most of its growth (`endedHoldingTailShare`) in its last third: one big load held when it went, not known to
    /// have been kept.
    func endedHoldingItsRise(recordingEndMS: Int64, _ t: AnalysisThresholds) -> Bool {
        segment.endedEarly(recordingEndMS: recordingEndMS, t) && (trend.tailShare ?? 0) >= t.endedHoldingTailShare
    }

    /// A one-off step that settled: RSS stepped up, then its floor stayed put (`settledTailShare` of the growth at
    /// most) for the last third of a well-sampled segment, or, after a single jump, for `settledAfterJumpShare` of it, and
    /// no limit was reached. Memory an allocator kept after one load, not growth that goes on (a second load that
    /// steps up again did not reuse what the first left).
    func hasSettled(_ t: AnalysisThresholds) -> Bool {
        guard trend.kind == .step, segment.samples.count >= t.minSamples, !reachedLimit else { return false }
        if (trend.tailShare ?? 1) <= t.settledTailShare { return true }
        guard trend.steps == 1, let after = trend.afterLastStep else { return false }
        return after.durationShare >= t.settledAfterJumpShare && after.growthShare <= t.settledTailShare
    }
}

extension AnalyzedSegment {
    /// Whether this is an Erlang node's OS process whose own total (`erlang:memory()`), sampled over at least half
    /// its time, kept nothing: what its RSS kept is the VM's allocators holding on to carriers after a start-up or a
    /// burst, which no Erlang process retains and no name explains.
    func nodeTotalHeld(among segments: [AnalyzedSegment]) -> Bool {
        guard series.pid != nil, series.namesErlangNode else { return false }
        let totals = segments.filter { b in
            b.series.process == "erlang:total" && (b.series.host == nil || b.series.host == series.host)
                && b.segment.endMS > segment.startMS && b.segment.startMS < segment.endMS
        }
        let covered = totals.reduce(Int64(0)) { sum, b in
            sum + min(b.segment.endMS, segment.endMS) - max(b.segment.startMS, segment.startMS)
        }
        return !totals.isEmpty && totals.allSatisfy { !$0.isGrowing }
            && 2 * covered >= segment.endMS - segment.startMS
    }
}
