/// Clock skew measured by lining up two recordings of one process's RSS (pidstat of the box and the per-request
/// RSS the app logged, joined by `SeriesIdentity`): the shift of one recording that makes the two series agree.
///
/// The reference series is read as a function of time (linear between samples, never across a gap); for each
/// candidate shift the other series' samples are moved by it and compared with that function, and the cost is the
/// median absolute RSS difference. Shifts are tried on a coarse grid (`coarseStepMS` over ± the search window)
/// then a fine one around the best. A shift is reported only when it beats no shift by a wide margin: memory that
/// barely moves lines up equally well at any shift and proves nothing.
enum RSSAlignment {
    static let coarseStepMS: Int64 = 500
    static let fineStepMS: Int64 = 20
    /// At most this many samples of the shifted series are compared (evenly spaced), so long series stay cheap.
    static let maxCompared = 2000

    /// The result of aligning two series.
    struct Fit: Sendable, Equatable {
        /// Add this to the shifted series' times.
        var shiftMS: Int64
        /// Median absolute difference at the best shift and at no shift, KiB.
        var costKB: Double
        var unshiftedCostKB: Double
        /// Median cost over every shift tried: what a shift that lines nothing up gives.
        var typicalCostKB: Double
        /// Width of the coarse shifts whose cost is within 10% of the way from the best cost to the unshifted one.
        var spreadMS: Double
        /// Samples compared at the best shift and at no shift.
        var compared: Int
        var unshiftedCompared: Int
    }

    /// The shift of `other` that best matches `reference`, searched within ± `windowMS`; nil when too few samples
    /// overlap at every shift.
    static func fit(reference: [MemorySample], other: [MemorySample], windowMS: Int64, minSamples: Int) -> Fit? {
        let ref = reference.sorted { $0.ms < $1.ms }
        guard ref.count >= 2, other.count >= minSamples else { return nil }
        let gapMS = gapLimit(ref)
        let stride = max(1, other.count / maxCompared)
        let probes = Swift.stride(from: 0, to: other.count, by: stride).map { other[$0] }

        func cost(_ shift: Int64) -> (cost: Double, n: Int)? {
            var diffs: [Double] = []
            diffs.reserveCapacity(probes.count)
            for p in probes {
                if let v = value(ref, at: p.ms + shift, gapMS: gapMS) { diffs.append(abs(p.rssKB - v)) }
            }
            guard diffs.count >= minSamples, let m = TrendStatistics.medianSelect(&diffs) else { return nil }
            return (m, diffs.count)
        }

        var grid: [(shift: Int64, cost: Double, n: Int)] = []
        for shift in Swift.stride(from: -windowMS, through: windowMS, by: Int(coarseStepMS)) {
            if let c = cost(shift) { grid.append((shift, c.cost, c.n)) }
        }
        guard let coarse = grid.min(by: { ($0.cost, abs($0.shift)) < ($1.cost, abs($1.shift)) }),
            let unshifted = cost(0)
        else { return nil }
        var best = coarse
        for shift in Swift.stride(
            from: coarse.shift - coarseStepMS, through: coarse.shift + coarseStepMS,
            by: Int(fineStepMS))
        {
            if let c = cost(shift), (c.cost, abs(shift)) < (best.cost, abs(best.shift)) { best = (shift, c.cost, c.n) }
        }
        var costs = grid.map(\.cost)
        let typical = TrendStatistics.medianSelect(&costs) ?? unshifted.cost
        let tolerance = best.cost + 0.1 * max(0, unshifted.cost - best.cost)
        let near = grid.filter { $0.cost <= tolerance }.map(\.shift)
        let spread = Double((near.max() ?? best.shift) - (near.min() ?? best.shift))
        return Fit(
            shiftMS: best.shift, costKB: best.cost, unshiftedCostKB: unshifted.cost, typicalCostKB: typical,
            spreadMS: spread, compared: best.n, unshiftedCompared: unshifted.n)
    }

    /// RSS of the reference at `ms`, linear between the samples around it; nil outside it or inside a gap.
    static func value(_ ref: [MemorySample], at ms: Int64, gapMS: Int64) -> Double? {
        guard let first = ref.first, let last = ref.last, ms >= first.ms, ms <= last.ms else { return nil }
        var lo = 0
        var hi = ref.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if ref[mid].ms <= ms { lo = mid } else { hi = mid }
        }
        let a = ref[lo]
        let b = ref[hi]
        if b.ms == a.ms { return b.rssKB }
        guard b.ms - a.ms <= gapMS else { return nil }
        return a.rssKB + (b.rssKB - a.rssKB) * Double(ms - a.ms) / Double(b.ms - a.ms)
    }

    /// Intervals longer than five times the median (and 10 s) are gaps: nothing is read inside them.
    static func gapLimit(_ ref: [MemorySample]) -> Int64 {
        var intervals = zip(ref.dropFirst(), ref).map { Double($0.ms - $1.ms) }.filter { $0 > 0 }
        let median = TrendStatistics.medianSelect(&intervals) ?? 1000
        return max(10_000, Int64(5 * median))
    }
}
