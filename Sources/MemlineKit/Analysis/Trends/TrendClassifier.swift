import Foundation

/// Classifies a segment as leak, plateau, step, sawtooth or flat.
///
/// Works on the floor (for each sample, the lowest RSS at or after it), which ignores memory that was given
/// back: transient spikes do not count as growth, and a sawtooth whose troughs rise is still a leak.
/// - Growth below `minGrowthKB` or `minGrowthShare` of the start: `sawtooth` with enough collections, else `flat`.
/// - Growth after the warm-up (`warmUpShare` of the time) concentrated in jumps (`stepShare` of it within windows of
///   `stepWindowShare` of the time): `step`. Jumps during the warm-up are a fresh process filling up, not steps.
/// - Otherwise the last third decides: still `leakTailShare` of the growth and Mann-Kendall significant over the
///   second half: `leak`; at most `plateauTailShare`: `plateau`.
/// The slope is Theil-Sen over the lower envelope of RSS (a centred rolling minimum over 5% of the samples, thinned
/// to ≤ 600 points); confidence combines the Mann-Kendall p-value of the envelope (normal approximation,
/// tie-corrected) and the least-squares R² of the envelope.
enum TrendClassifier {
    static func classify(_ segment: Segment, thresholds t: AnalysisThresholds) -> TrendResult {
        let samples = segment.samples
        let n = samples.count
        let limit = segment.limitKB(fallback: t.limitKB)
        let steady = steadyLevel(samples)
        guard n >= max(3, t.minSamples), segment.durationSeconds > 0 else {
            if let step = sparseStep(segment, limit: limit, steady: steady, thresholds: t) { return step }
            return TrendResult(
                kind: .short, confidence: "low", retainedKB: 0, drops: 0, steps: 0, steadyRSSKB: steady,
                limitKB: limit, reason: "only \(n) RSS value\(n == 1 ? "" : "s"): too few to classify")
        }
        let floor = segment.floor
        let t0 = samples[0].seconds
        let duration = segment.durationSeconds
        // Growth is measured up to the lowest RSS of the last 10% (and of the last `settleSeconds`), so a transient
        // still held when the recording stopped, or when a worker killer ended the process, does not pose as growth.
        let endIndex = max(1, TrendStatistics.settledIndex(samples, minSeconds: t.settleSeconds))
        let start = floor[0]
        let growth = max(0, floor[endIndex] - start)
        let drops = countDrops(samples, thresholds: t)

        // Statistics on the lower envelope (a centred rolling minimum over 5% of the samples), thinned: brief
        // transients vanish, and unlike the floor it is not rising by construction.
        let envelope = lowerEnvelope(samples.map(\.rssKB), halfWidth: max(1, n / 40))
        let idx = TrendStatistics.strided(n)
        let xs = idx.map { (samples[$0].seconds - t0) / 3600 }
        let ys = idx.map { envelope[$0] / 1024 }
        let slope = TrendStatistics.theilSen(x: xs, y: ys)
        let ls = TrendStatistics.leastSquares(x: xs, y: ys)
        let half = idx.filter { samples[$0].seconds - t0 >= duration / 2 }
        let mkLate = TrendStatistics.mannKendall(half.map { envelope[$0] })
        let mkAll = TrendStatistics.mannKendall(ys)

        func floorAt(_ seconds: Double) -> Double {
            // Floor value at the last sample at or before t0 + seconds (floor is non-decreasing).
            var lo = 0
            var hi = endIndex
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if samples[mid].seconds - t0 <= seconds { lo = mid } else { hi = mid - 1 }
            }
            return floor[lo]
        }
        let endSeconds = samples[endIndex].seconds - t0
        let tailGrowth = max(0, floor[endIndex] - floorAt(endSeconds * 2 / 3))
        let tailShare = growth > 0 ? tailGrowth / growth : nil
        let significant = growth >= t.minGrowthKB && growth >= t.minGrowthShare * max(start, 1)

        var result = TrendResult(
            kind: .flat, confidence: "medium", slopeMBPerHour: slope.map { round2($0) }, r2: ls.map { round3($0.r2) },
            mkZ: round3(mkAll.z), mkP: mkAll.p, retainedKB: growth.rounded(), tailShare: tailShare.map { round3($0) },
            drops: drops, steps: 0, steadyRSSKB: steady, limitKB: limit, reason: "")
        let mb = { (kb: Double) in formatMB(kb) }

        guard significant else {
            if drops >= t.sawtoothMinDrops {
                result.kind = .sawtooth
                result.confidence = drops >= 2 * t.sawtoothMinDrops ? "high" : "medium"
                result.reason =
                    "RSS fell back \(drops) times between \(mb(floor[0])) and \(mb(maxRSS(samples))) "
                    + "and kept only \(mb(growth)) over \(formatDuration(duration)): collected, not leaking"
            } else {
                result.kind = .flat
                result.confidence = "high"
                result.reason =
                    "RSS stayed between \(mb(minRSS(samples))) and \(mb(maxRSS(samples))) over "
                    + "\(formatDuration(duration)); \(mb(growth)) kept"
            }
            return result
        }

        // Steps: floor rises inside windows of stepWindowShare of the duration, after the warm-up (the first
        // warmUpShare of the segment, where a fresh process loads code and fills caches).
        let window = max(t.stepWindowShare * duration, 1)
        let warmUpEnd = t.warmUpShare * duration
        let afterWarmUp = max(0, floor[endIndex] - floorAt(warmUpEnd))
        let jumps = floorJumps(
            samples, floor: floor, endIndex: endIndex, window: window, minRise: max(t.minGrowthKB / 2, 0.2 * growth)
        ).filter { $0.startSeconds - t0 > warmUpEnd }
        let jumpTotal = jumps.reduce(0) { $0 + $1.rise }
        if !jumps.isEmpty, afterWarmUp >= t.minGrowthKB, jumpTotal >= t.stepShare * afterWarmUp {
            result.kind = .step
            result.steps = jumps.count
            result.confidence = jumpTotal >= 0.8 * afterWarmUp ? "high" : "medium"
            let list = jumps.prefix(3).map {
                "\(mb($0.rise)) at \(Timestamp(milliseconds: Int64(($0.startSeconds * 1000).rounded())).iso8601)"
            }
            result.reason =
                "RSS jumped \(list.joined(separator: ", "))\(jumps.count > 3 ? "…" : "") and never gave it "
                + "back: \(formatPercent(min(1, jumpTotal / growth))) of the \(mb(growth)) kept"
            return result
        }

        // Under 20 values (a platform's metrics every 20 s) the second half alone cannot reach significance: the
        // whole series is tested instead, and the last third's share of the growth still decides.
        let late = n < 20 ? mkAll : mkLate
        let stillRising = (tailShare ?? 0) >= t.leakTailShare && late.z > 0 && late.p < t.trendAlpha
        if stillRising || ((tailShare ?? 0) > t.plateauTailShare && late.z > 0 && late.p < t.trendAlpha) {
            result.kind = .leak
            let r2 = ls?.r2 ?? 0
            result.confidence =
                mkAll.p < 1e-6 && r2 >= 0.8 && stillRising
                ? "high"
                : mkAll.p < t.trendAlpha && r2 >= 0.5 ? "medium" : "low"
            let rate = slope ?? growth / 1024 / (duration / 3600)
            var sentence =
                "RSS kept rising \(formatRate(rate)) (Theil-Sen; R² \(String(format: "%.2f", r2)), "
                + "Mann-Kendall z \(String(format: "%.1f", mkAll.z))) for \(formatDuration(duration)), "
                + "\(mb(growth)) kept, \(Int(((tailShare ?? 0) * 100).rounded()))% of it in the last third"
            if drops >= t.sawtoothMinDrops { sentence += ", on a sawtooth of \(drops) collections" }
            if let limit, rate > 0 {
                let last = samples[n - 1]
                let hours = max(0, (limit - last.rssKB) / 1024 / rate)
                result.hoursToLimit = round2(hours)
                result.limitAtMS = last.ms + Int64(hours * 3_600_000)
                sentence += "; reaches the \(mb(limit)) limit in \(formatDuration(hours * 3600))"
            }
            result.reason = sentence
            return result
        }
        result.kind = .plateau
        result.confidence = (tailShare ?? 1) <= t.plateauTailShare ? "high" : "medium"
        result.reason =
            "RSS grew \(mb(growth)) and then levelled off near \(mb(floor[endIndex])): "
            + "\(Int(((tailShare ?? 0) * 100).rounded()))% of the growth in the last third"
        return result
    }

    static func stepWindowShare(_ t: AnalysisThresholds) -> Double { t.stepWindowShare }

    /// Disjoint rises of the floor, each within `window` seconds and of at least `minRise`, largest first in
    /// time order of their start.
    static func floorJumps(
        _ samples: [MemorySample], floor: [Double], endIndex: Int, window: Double, minRise: Double
    ) -> [(startSeconds: Double, endSeconds: Double, rise: Double)] {
        var jumps: [(startSeconds: Double, endSeconds: Double, rise: Double)] = []
        var i = 0
        var j = 0
        while i < endIndex {
            if j < i { j = i }
            while j + 1 <= endIndex, samples[j + 1].seconds - samples[i].seconds <= window { j += 1 }
            let rise = floor[j] - floor[i]
            if rise >= minRise {
                // Trim to where the rise actually happens.
                var a = i
                while a < j, floor[a + 1] == floor[a] { a += 1 }
                var b = j
                while b > a, floor[b - 1] == floor[b] { b -= 1 }
                jumps.append((samples[a].seconds, samples[b].seconds, floor[b] - floor[a]))
                i = b + 1
                continue
            }
            i += 1
        }
        return jumps
    }

    /// Collections: falls from a running peak by the sawtooth threshold.
    static func countDrops(_ samples: [MemorySample], thresholds t: AnalysisThresholds) -> Int {
        let range = maxRSS(samples) - minRSS(samples)
        let needed = max(t.sawtoothMinDropKB, t.sawtoothDropShare * range)
        var peak = -Double.infinity
        var drops = 0
        var armed = true
        for s in samples {
            if s.rssKB > peak {
                peak = s.rssKB
                armed = true
            }
            if armed, peak - s.rssKB >= needed {
                drops += 1
                armed = false
                peak = s.rssKB
            }
            if !armed, s.rssKB < peak { peak = s.rssKB }
        }
        return drops
    }

    /// Centred rolling minimum: for each i, the lowest value in [i - halfWidth, i + halfWidth] (monotonic queue).
    static func lowerEnvelope(_ values: [Double], halfWidth h: Int) -> [Double] {
        let n = values.count
        var out = [Double](repeating: 0, count: n)
        var queue: [Int] = []
        var head = 0
        var next = 0
        for i in 0..<n {
            while next < n, next <= i + h {
                while queue.count > head, let last = queue.last, values[last] >= values[next] { queue.removeLast() }
                if head > queue.count { head = queue.count }
                queue.append(next)
                next += 1
            }
            while queue[head] < i - h { head += 1 }
            out[i] = values[queue[head]]
        }
        return out
    }

    /// Median RSS over the second half of the samples.
    static func steadyLevel(_ samples: [MemorySample]) -> Double? {
        guard !samples.isEmpty else { return nil }
        var late = samples[(samples.count / 2)...].map(\.rssKB)
        return TrendStatistics.median(&late)
    }

    static func minRSS(_ s: [MemorySample]) -> Double { s.map(\.rssKB).min() ?? 0 }
    static func maxRSS(_ s: [MemorySample]) -> Double { s.map(\.rssKB).max() ?? 0 }

    /// A series too sparse to classify (a platform's metrics every 20 s: a handful of samples) still shows a step:
    /// RSS that rose between two consecutive samples by at least `minGrowthKB` and `minGrowthShare` of the start,
    /// and stayed (the floor after it keeps at least three quarters of the rise). Low confidence: the resolution is
    /// the sampling interval.
    static func sparseStep(_ segment: Segment, limit: Double?, steady: Double?, thresholds t: AnalysisThresholds)
        -> TrendResult?
    {
        let samples = segment.samples
        guard samples.count >= 2 else { return nil }
        let floor = segment.floor
        var best: (index: Int, kept: Double)?
        for i in 1..<samples.count {
            let rise = samples[i].rssKB - samples[i - 1].rssKB
            let kept = floor[i] - samples[i - 1].rssKB
            guard rise >= t.minGrowthKB, rise >= t.minGrowthShare * samples[0].rssKB, kept >= 0.75 * rise else {
                continue
            }
            if kept > best?.kept ?? 0 { best = (i, kept) }
        }
        guard let best else { return nil }
        let before = samples[best.index - 1]
        let after = samples[best.index]
        let seconds = Double(after.ms - before.ms) / 1000
        let growth = max(0, (floor.last ?? 0) - floor[0])
        return TrendResult(
            kind: .step, confidence: "low", retainedKB: max(growth, best.kept), drops: 0, steps: 1, steadyRSSKB: steady,
            limitKB: limit,
            reason:
                "only \(samples.count) RSS values, but RSS rose \(formatMB(after.rssKB - before.rssKB)) between two "
                + "samples \(formatDuration(seconds)) apart and stayed: a step, timed only to the sampling interval")
    }
}
