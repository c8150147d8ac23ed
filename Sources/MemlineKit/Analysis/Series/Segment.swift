/// A stretch of one memory series between restarts: the unit trends, spikes and siblings are computed on.
struct Segment: Sendable {
    var series: MemorySeries
    /// The samples of this segment only, in time order.
    var samples: [MemorySample]
    /// `first sample`, `pid change`, `rss drop` or `<kind> event (file:line)`.
    var startedBy: String
    /// Sampling gaps inside the segment.
    var gaps: Int
    /// Sample indices `i` such that the interval from `i - 1` to `i` is a gap.
    var gapStarts: Set<Int>

    /// How precise the sample times are: 1000 when every time is a whole second (pidstat), else 0. A sample
    /// stamped t was then taken somewhere in [t, t + 1 s), which correlation allows for.
    var resolutionMS: Int64 {
        samples.count >= 2 && samples.allSatisfy({ $0.ms % 1000 == 0 }) ? 1000 : 0
    }

    var startMS: Int64 { samples.first?.ms ?? 0 }
    var endMS: Int64 { samples.last?.ms ?? 0 }
    var durationSeconds: Double { Double(endMS - startMS) / 1000 }

    /// Whether the process ended (recycled, killed, restarted) over `endedEarlySeconds` before the recording did.
    func endedEarly(recordingEndMS: Int64, _ t: AnalysisThresholds) -> Bool {
        Double(recordingEndMS - endMS) > t.endedEarlySeconds * 1000
    }

    /// Where it ended, past a transient still in flight: the lowest RSS of its last quarter of samples.
    var endLevelKB: Double { samples.suffix(max(1, samples.count / 4)).map(\.rssKB).min() ?? 0 }

    /// The floor: for each sample, the lowest RSS at or after it (memory the process never gave back).
    var floor: [Double] {
        var out = [Double](repeating: 0, count: samples.count)
        var low = Double.infinity
        for i in stride(from: samples.count - 1, through: 0, by: -1) {
            low = min(low, samples[i].rssKB)
            out[i] = low
        }
        return out
    }

    /// The floor, up to where the segment settled (its lowest RSS of the last tenth and of the last
    /// `settleSeconds`: `TrendStatistics.settledIndex`) and level after it: a rise after that point is a transient
    /// still held when the recording stopped, or when the process ended, and is not known to be kept.
    func settledFloor(_ t: AnalysisThresholds) -> [Double] {
        settledFloor(at: TrendStatistics.settledIndex(samples, minSeconds: t.settleSeconds))
    }

    /// The floor, level from sample `settled` on (a caller that already has the settled index).
    func settledFloor(at settled: Int) -> [Double] {
        var out = floor
        guard !out.isEmpty else { return out }
        for i in settled..<out.count { out[i] = out[settled] }
        return out
    }

    /// The limit in force: the highest `limit_kb` among the samples, else `fallback`.
    func limitKB(fallback: Double?) -> Double? {
        samples.compactMap(\.limitKB).max() ?? fallback
    }
}
