import Foundation

/// Every threshold `memline analyze` uses, with its default; recorded as JSON in `analysis_runs`.
///
/// Memory amounts are KiB, times seconds, shares fractions (0.25 = 25 %).
/// ```swift
/// var thresholds = AnalysisThresholds()
/// thresholds.limitKB = 512 * 1024   // a 512 MB quota
/// let summary = try Analysis.run(on: db, thresholds: thresholds)
/// ```
public struct AnalysisThresholds: Codable, Sendable, Equatable {
    // Series hygiene
    /// An interval longer than this many times the series' median interval is a gap (never interpolated).
    public var gapFactor: Double = 5
    /// …and is a gap only when also longer than this many seconds.
    public var gapMinSeconds: Double = 10
    /// For series without a pid, an RSS fall to at most this share of the previous value…
    public var restartDropShare: Double = 0.5
    /// …landing within this factor of the segment's first RSS starts a new segment (a fresh process).
    public var freshLevelFactor: Double = 1.25
    /// Segments with fewer RSS values are kept but classified `short`.
    public var minSamples: Int = 8
    /// Clocks of two artifacts that disagree by at least this many seconds are a skew (`clock_skews`)…
    public var clockSkewMinSeconds: Double = 2
    /// …confident when measured on at least this many requests (by request id)…
    public var clockSkewMinPairs: Int = 5
    /// …that agree: their median absolute deviation (or the width of equally good shifts) at most this share of
    /// the offset.
    public var clockSkewMaxSpreadShare: Double = 0.25
    /// RSS alignment tries shifts within ± this many seconds…
    public var clockAlignWindowSeconds: Double = 120
    /// …comparing at least this many samples…
    public var clockAlignMinSamples: Int = 30
    /// …and reports a shift only when its median RSS difference is at most this share of the unshifted one
    /// (confident at half this share).
    public var clockAlignMaxCostShare: Double = 0.5
    /// …and the shift lowers that difference by at least this many KiB (memory, not sampling noise).
    public var clockAlignMinGainKB: Double = 1024

    // Spikes
    /// A spike is a rise within this many seconds…
    public var spikeWindowSeconds: Double = 300
    /// …of at least this many KiB…
    public var spikeMinRiseKB: Double = 20 * 1024
    /// …and at least this percentage of the starting RSS.
    public var spikeMinRisePercent: Double = 20
    /// A spike has recovered once RSS gave back this share of its rise.
    public var recoverShare: Double = 0.75

    // Trends
    /// Retained growth below this many KiB…
    public var minGrowthKB: Double = 10 * 1024
    /// …or below this share of the starting RSS is no growth (flat or sawtooth).
    public var minGrowthShare: Double = 0.10
    /// Growth of at least half `minGrowthKB` is growth after all when it climbed as a line: least-squares R² of the
    /// envelope at least this, Mann-Kendall p under `trendAlpha` / 100, and `leakTailShare` of it in the last third
    /// (a small process leaking for a short life: 46 → 56 MB in 45 s, twice across a restart).
    public var steadyClimbMinR2: Double = 0.9
    /// Mann-Kendall significance level for "still rising".
    public var trendAlpha: Double = 0.01
    /// Growth in the last third at most this share of the total: it saturated (plateau).
    public var plateauTailShare: Double = 0.15
    /// Growth in the last third at least this share of the total: it keeps growing (leak).
    public var leakTailShare: Double = 0.20
    /// A step whose last third kept at most this share of its growth has settled (`AnalyzedSegment.hasSettled`).
    public var settledTailShare: Double = 0.05
    /// A step of a single jump has also settled when its floor stayed put (`settledTailShare`) for at least this
    /// share of the segment after the jump.
    public var settledAfterJumpShare: Double = 0.2
    /// A rise whose samples all stayed within this share of its growth over the last `settledAfterJumpShare` of the
    /// time held still there: it levelled off late (a plateau), however much of it came in the last third.
    public var heldRangeShare: Double = 0.05
    /// A leak whose Ruby live objects held still over its last `settledAfterJumpShare` while RSS crept at most this
    /// share of its growth there levelled off (`HeapLevelling`).
    public var heapLevelledCreepShare: Double = 0.1
    /// A process that ended at least this many seconds before the recording did, with at least
    /// `endedHoldingTailShare` of its growth in its last third, ended holding its rise: kept or not is unknown.
    public var endedEarlySeconds: Double = 10
    public var endedHoldingTailShare: Double = 0.8
    /// A step: jumps within `stepWindowShare` of the segment's duration hold at least this share of the growth.
    public var stepShare: Double = 0.6
    public var stepWindowShare: Double = 0.1
    /// Growth that happened only in this first share of the segment is warm-up (plateau), not a step.
    public var warmUpShare: Double = 0.15
    /// A fall from a peak by this share of the segment's range counts as a collection (sawtooth).
    public var sawtoothDropShare: Double = 0.2
    /// …and by at least this many KiB.
    public var sawtoothMinDropKB: Double = 2 * 1024
    /// At least this many collections make a sawtooth.
    public var sawtoothMinDrops: Int = 2
    /// Growth is measured up to where a segment settled: the lowest RSS of its last 10% of samples and at least of
    /// its last this many seconds, the time a collector needs to give a transient back. A rise seen only in the
    /// final seconds of a process (a worker killer fires on a high) or of the recording is not kept growth.
    public var settleSeconds: Double = 3

    // Siblings
    /// A process diverges when it grows this many times faster than its siblings' (time-weighted) median…
    public var divergenceFactor: Double = 3
    /// …in a role with at least this many segments.
    public var minSiblings: Int = 3

    // Correlation and suspects
    /// Significance level for the binomial tests (windows, retained requests, job overlaps).
    public var alpha: Double = 0.01
    /// A suspect must explain at least this share of the growth it is compared with…
    public var suspectMinShare: Double = 0.10
    /// …at least this many KiB of it…
    public var suspectMinKB: Double = 5 * 1024
    /// …and at least this many times its share of requests or of time.
    public var suspectMinEnrichment: Double = 1.5
    /// A heap site rising at every snapshot is named from 256 KB when it holds at least this share of the leak (a
    /// small cache growing beside the leak is not).
    public var risingSiteMinShare: Double = 0.25
    /// A heap site (with the sites its holder keeps in the same file) that holds at least this share of everything
    /// the diff retained is named from `soleHolderMinKB`: one structure keeping all the heap kept is a slow leak's
    /// signature, however little RSS shows it (hedged: with two snapshots it may be a cache still filling).
    public var soleHolderMinShare: Double = 0.9
    public var soleHolderMinKB: Double = 512
    /// A site with no object in the first dump that holds this share of what the heap added is named from
    /// `soleHolderMinKB`, whatever RSS kept: the one new thing in a heap grown for garbage.
    public var newSiteMinShare: Double = 0.8
    /// An endpoint whose requests kept less than this share of the RSS they grew is transient: its floor credit is
    /// mostly other requests' growth while its big allocation was held, so it is not named (the red herring).
    public var suspectMinKeptShare: Double = 0.1
    /// A rising sample interval (for job overlap) raises the floor by at least this share of the rise.
    public var risingIntervalShare: Double = 0.05
    /// A job class whose runs hold at least this share of a rise…
    public var oneOffMinShare: Double = 0.5
    /// …at least this many times their share of the time is named (hedged) with a binomial p below 10 × `alpha`:
    /// a job that ran once over n sample intervals cannot reach a p below 1/n, however clearly it made the step.
    public var oneOffMinEnrichment: Double = 10

    /// Work only the leaking process ran (`SuspectBuilder+ServedAlone`): at least this many requests or runs there,
    /// this share of its work, at most this share of the name's runs on siblings, and at most this many names.
    public var servedAloneMinCount: Int = 10
    public var servedAloneMinShare: Double = 0.02
    public var servedAloneMaxSiblingShare: Double = 0.05
    public var servedAloneMaxNames: Int = 2
    /// A sibling that grew too, but kept at most this share of what the process kept, leaves the excess to explain:
    /// the work only the process ran is then named for the difference.
    public var servedAloneSiblingKeptShare: Double = 0.7

    /// A life of a registered Erlang process climbed when its memory rose at least this many KiB in it
    /// (`SuspectBuilder+KilledLives`).
    public var lifeMinClimbKB: Double = 1024

    // Verdict
    /// A series sampled at least this many seconds apart (median) is sparse: its steps are timed only to the
    /// interval, and a job confined to its rising intervals is named on that resolution.
    public var sparseIntervalSeconds: Double = 10
    /// Requests counted between samples name an endpoint when the kept rise per interval correlates with its
    /// excess requests at least this well (Pearson r)…
    public var intervalMinCorrelation: Double = 0.3
    /// …over at least this many sample intervals, leaving out steps: intervals that kept over this many times the
    /// median of those that kept anything.
    public var intervalMinCount: Int = 8
    public var intervalStepFactor: Double = 20
    /// A rare job (at most 3 rising intervals) at a coarse sampling rate is confined to the step when the intervals
    /// its runs fall in hold at least this share of the rise.
    public var confinedRiseShare: Double = 0.5
    /// A job class run at most `garbageRunsMaxRuns` times whose runs raised GC.stat's old objects by at least
    /// `garbageRunsMinObjects` (within `garbageRunsSettleSeconds` after each run), and which a later major GC took
    /// back by at least `garbageRunsFallShare` of that, made garbage, not a leak (`GarbageRuns`).
    public var garbageRunsMaxRuns: Int = 5
    public var garbageRunsMinObjects: Int = 10_000
    public var garbageRunsSettleSeconds: Double = 10
    public var garbageRunsFallShare: Double = 0.5
    /// An RSS-delta endpoint is confident only when its share of the kept growth is at least this many times its
    /// share of requests, or at least half of it: a small, weakly enriched share can be heap grown during other
    /// requests' work.
    public var confidentMinEnrichment: Double = 3
    /// A Ruby heap diff retaining less than this share of what RSS kept, while GC runs and heap pages barely
    /// move, puts the growth outside the Ruby heap (native allocations or fragmentation).
    public var outsideHeapMaxShare: Double = 0.1
    /// A deploy, release or configuration change up to this many seconds before a growing segment's change point
    /// is a `change` suspect…
    public var changeLeadSeconds: Double = 1800
    /// …and one at most this many seconds after it (clocks of two sources disagree a little).
    public var changeLagSeconds: Double = 60
    /// …unless the floor had already kept this share of the growth by the change: growth under way.
    public var underWayShare: Double = 0.25
    /// A process already running this long before a deploy or release, and still after it under the same pid,
    /// runs the old code: the change is not its suspect (the new workers a deploy boots start after its first line).
    public var livedThroughSeconds: Double = 30
    /// A rollback within this many seconds of the end of growth is a `change` suspect too.
    public var rollbackWindowSeconds: Double = 300
    /// Evidence rows kept per suspect.
    public var evidenceRows: Int = 12

    // Limits and budget
    /// The memory limit per process (`--limit`), when the samples carry none.
    public var limitKB: Double?
    /// The machine's memory (`--memory`), for the worker budget.
    public var memoryKB: Double?
    /// Share of memory kept free in the worker budget.
    public var headroomShare: Double = 0.1

    public init() {}

    /// The thresholds as a JSON object with sorted keys (stable across runs).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
