/// A segment with everything the analysis found for it, and the ids its rows got.
struct AnalyzedSegment: Sendable {
    var segment: Segment
    var trend: TrendResult
    var spikes: [SpikeResult]
    /// Time-weighted median retained growth of the role's segments, KiB per hour (roles with enough siblings).
    var siblingKBPerHour: Double?
    var divergent = false
    var trendID: Int64 = 0
    var spikeIDs: [Int64] = []
    /// Index into the request partitions of the same process, if it logged per-request RSS.
    var partition: Int?

    var series: MemorySeries { segment.series }
    var hours: Double { max(segment.durationSeconds, 1) / 3600 }
    var kbPerHour: Double { trend.retainedKB / hours }
    var isGrowing: Bool { trend.kind == .leak || trend.kind == .step }
}
