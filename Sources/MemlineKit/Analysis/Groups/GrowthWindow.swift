/// A time window where one segment's memory grew, for comparing it with heap snapshots, heap profiles and Erlang
/// process samples of the same process.
///
/// The window is the whole segment when it leaks or steps, or the rise (start to peak) of a spike that crossed the
/// limit or never recovered on a segment that does not grow. Artifacts taken inside the search range belong to the
/// window: a minute either side of a segment (a dump written just after the last sample), and up to the rise's
/// own length either side of a spike, never farther than a minute outside its segment (same pid, same process).
struct GrowthWindow: Sendable {
    /// Index of the segment in the analysed segments.
    var segment: Int
    var isSpike: Bool
    var startMS: Int64
    var endMS: Int64
    var searchFromMS: Int64
    var searchToMS: Int64

    static let marginMS: Int64 = 60_000

    /// Every growing segment, and every limit-crossing or unrecovered spike of the segments that do not grow.
    static func windows(_ segments: [AnalyzedSegment]) -> [GrowthWindow] {
        var out: [GrowthWindow] = []
        for (si, a) in segments.enumerated() {
            let s = a.segment
            guard !s.samples.isEmpty else { continue }
            if a.isGrowing {
                out.append(whole(si, a))
                continue
            }
            for spike in a.spikes where spike.crossedLimit || spike.end == nil {
                let reach = max(marginMS, spike.peak.ms - spike.start.ms)
                out.append(
                    GrowthWindow(
                        segment: si, isSpike: true, startMS: spike.start.ms, endMS: spike.peak.ms,
                        searchFromMS: max(spike.start.ms - reach, s.startMS - marginMS),
                        searchToMS: min(spike.peak.ms + reach, s.endMS + marginMS)))
            }
        }
        return out
    }

    /// The window of a whole segment, a minute either side.
    static func whole(_ si: Int, _ a: AnalyzedSegment) -> GrowthWindow {
        let s = a.segment
        return GrowthWindow(
            segment: si, isSpike: false, startMS: s.startMS, endMS: s.endMS, searchFromMS: s.startMS - marginMS,
            searchToMS: s.endMS + marginMS)
    }

    /// Milliseconds of a stored ISO-8601 time.
    static func ms(_ iso: String) -> Int64? { Timestamp.parseISO(iso)?.milliseconds }

    func contains(_ ms: Int64) -> Bool { ms >= searchFromMS && ms <= searchToMS }

    /// The last sample at or before `ms` (the first one when `ms` is earlier).
    static func sampleIndex(_ samples: [MemorySample], at ms: Int64) -> Int {
        var lo = 0
        var hi = samples.count - 1
        guard hi >= 0, samples[0].ms <= ms else { return 0 }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if samples[mid].ms <= ms { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// RSS the process kept between two times (KiB): the floor's rise on a growing segment (memory never given back
    /// afterwards), the change in RSS on a spike.
    func keptKB(in a: AnalyzedSegment, fromMS: Int64, toMS: Int64) -> Double {
        let samples = a.segment.samples
        guard !samples.isEmpty else { return 0 }
        let i = Self.sampleIndex(samples, at: fromMS)
        let j = Self.sampleIndex(samples, at: toMS)
        if isSpike { return samples[j].rssKB - samples[i].rssKB }
        let floor = a.segment.floor
        return floor[j] - floor[i]
    }
}
