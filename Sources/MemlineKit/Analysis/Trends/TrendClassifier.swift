import Foundation

/// Classifies a segment as leak, plateau, step, sawtooth or flat.
///
/// Works on the floor (for each sample, the lowest RSS at or after it), which ignores memory that was given
/// back: transient spikes do not count as growth, and a sawtooth whose troughs rise is still a leak.
/// - Growth below `minGrowthKB` (unless at least half of it climbed as a line) or `minGrowthShare` of the start:
///   `sawtooth` with enough collections, else `flat`.
/// - Growth after the warm-up (`warmUpShare` of the time) concentrated in jumps (`stepShare` of it within windows of
///   `stepWindowShare` of the time): `step`. Jumps during the warm-up are a fresh process filling up, not steps.
/// - Otherwise the last third decides: still `leakTailShare` of the growth and Mann-Kendall significant over the
///   second half: `leak`; at most `plateauTailShare`: `plateau`.
/// The slope is Theil-Sen over the lower envelope of RSS (a centred rolling minimum over 5% of the samples, thinned
/// to ≤ 600 points); confidence combines the Mann-Kendall p-value of the envelope (normal approximation,
/// tie-corrected) and the least-squares R² of the envelope.
enum TrendClassifier {
    /// - Parameter recordingEndMS: when the recording ends (its last sample); a process that ended well before it
    ///   is never said to have levelled off late (`heldAtTheEnd`): a worker stopped by a killer stops rising too.
    static func classify(_ segment: Segment, thresholds t: AnalysisThresholds, recordingEndMS: Int64? = nil)
        -> TrendResult
    {
        let samples = segment.samples
        let n = samples.count
        let limit = segment.limitKB(fallback: t.limitKB)
        let steady = steadyLevel(samples)
        guard n >= max(3, t.minSamples), segment.durationSeconds > 0 else {
            if let step = sparseStep(segment, limit: limit, steady: steady, thresholds: t) { return step }
            if let climb = sparseClimb(
                segment, limit: limit, steady: steady, thresholds: t, recordingEndMS: recordingEndMS)
            {
                return climb
            }
            return TrendResult(
                kind: .short, confidence: "low", retainedKB: 0, drops: 0, steps: 0, steadyRSSKB: steady,
                limitKB: limit, reason: "only \(n) RSS value\(n == 1 ? "" : "s"): too few to classify")
        }
        let m = Measures(segment, thresholds: t)
        let result = TrendResult(
            kind: .flat, confidence: "medium", slopeMBPerHour: m.slope.map { round2($0) },
            r2: m.leastSquares.map { round3($0.r2) }, mkZ: round3(m.mkAll.z), mkP: m.mkAll.p,
            retainedKB: m.growth.rounded(), tailShare: m.tailShare.map { round3($0) }, drops: m.drops, steps: 0,
            steadyRSSKB: steady, limitKB: limit, reason: "")
        guard m.growth >= t.minGrowthKB || climbedSteadily(m, thresholds: t),
            m.growth >= t.minGrowthShare * max(m.start, 1)
        else {
            return collectedOrFlat(m, result, thresholds: t)
        }
        if let step = step(m, result, thresholds: t) { return step }
        let ranToTheEnd = !(recordingEndMS.map { segment.endedEarly(recordingEndMS: $0, t) } ?? false)
        if ranToTheEnd, let held = heldAtTheEnd(m, result, thresholds: t) { return held }
        if let leak = leak(m, result, limit: limit, thresholds: t) { return leak }
        return plateau(m, result, thresholds: t)
    }

    /// What the decision reads off a segment long enough to classify: the floor's growth up to where it settled,
    /// the collections, and the statistics of the lower envelope.
    private struct Measures {
        let samples: [MemorySample]
        let floor: [Double]
        let t0: Double
        let duration: Double
        /// The floor's end: its lowest point among the last samples (see `TrendStatistics.settledIndex`).
        let endIndex: Int
        let start: Double
        let growth: Double
        let drops: Int
        let slope: Double?
        let leastSquares: (slope: Double, intercept: Double, r2: Double)?
        /// Mann-Kendall over the second half of the envelope, and over all of it.
        let mkLate: (s: Double, z: Double, p: Double)
        let mkAll: (s: Double, z: Double, p: Double)
        /// The share of the growth in the last third of the time.
        let tailShare: Double?
        /// The floor's rise over the last third, and Mann-Kendall over the envelope there (nil under 10 points).
        let tailGrowth: Double
        let mkTail: (s: Double, z: Double, p: Double)?

        init(_ segment: Segment, thresholds t: AnalysisThresholds) {
            samples = segment.samples
            let n = samples.count
            floor = segment.floor
            t0 = samples[0].seconds
            duration = segment.durationSeconds
            // Growth is measured up to the lowest RSS of the last 10% (and of the last `settleSeconds`), so a
            // transient still held when the recording stopped, or when a worker killer ended the process, does
            // not pose as growth.
            endIndex = max(1, TrendStatistics.settledIndex(samples, minSeconds: t.settleSeconds))
            start = floor[0]
            growth = max(0, floor[endIndex] - start)
            drops = countDrops(samples, thresholds: t)

            // Statistics on the lower envelope (a centred rolling minimum over 5% of the samples), thinned: brief
            // transients vanish, and unlike the floor it is not rising by construction.
            let envelope = lowerEnvelope(samples.map(\.rssKB), halfWidth: max(1, n / 40))
            let idx = TrendStatistics.strided(n)
            let xs = idx.map { [samples, t0] in (samples[$0].seconds - t0) / 3600 }
            let ys = idx.map { envelope[$0] / 1024 }
            slope = TrendStatistics.theilSen(x: xs, y: ys)
            leastSquares = TrendStatistics.leastSquares(x: xs, y: ys)
            let half = idx.filter { [samples, t0, duration] in samples[$0].seconds - t0 >= duration / 2 }
            mkLate = TrendStatistics.mannKendall(half.map { envelope[$0] })
            mkAll = TrendStatistics.mannKendall(ys)
            let endSeconds = samples[endIndex].seconds - t0
            tailGrowth = max(0, floor[endIndex] - Self.floor(at: endSeconds * 2 / 3, samples, floor, endIndex))
            tailShare = growth > 0 ? tailGrowth / growth : nil
            let tail = idx.filter { [samples, t0] in
                let s = samples[$0].seconds - t0
                return s >= endSeconds * 2 / 3 && s <= endSeconds
            }
            mkTail = tail.count >= 10 ? TrendStatistics.mannKendall(tail.map { envelope[$0] }) : nil
        }

        /// The floor at the last sample at or before t0 + seconds (the floor never falls).
        func floorAt(_ seconds: Double) -> Double { Self.floor(at: seconds, samples, floor, endIndex) }

        private static func floor(at seconds: Double, _ samples: [MemorySample], _ floor: [Double], _ endIndex: Int)
            -> Double
        {
            let t0 = samples[0].seconds
            var lo = 0
            var hi = endIndex
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if samples[mid].seconds - t0 <= seconds { lo = mid } else { hi = mid - 1 }
            }
            return floor[lo]
        }
    }

    /// Growth under `minGrowthKB` that still counts: at least half of it, climbing as a line all along (see
    /// `AnalysisThresholds.steadyClimbMinR2`). A warm-up flattens and a wobble is no line; this is neither.
    private static func climbedSteadily(_ m: Measures, thresholds t: AnalysisThresholds) -> Bool {
        m.growth >= t.minGrowthKB / 2 && (m.leastSquares?.r2 ?? 0) >= t.steadyClimbMinR2 && m.mkAll.z > 0
            && m.mkAll.p < t.trendAlpha / 100 && (m.tailShare ?? 0) >= t.leakTailShare
    }

    /// Too little growth to matter: `sawtooth` when RSS was collected often enough, else `flat`.
    private static func collectedOrFlat(_ m: Measures, _ result: TrendResult, thresholds t: AnalysisThresholds)
        -> TrendResult
    {
        var result = result
        let mb = { (kb: Double) in formatMB(kb) }
        if m.drops >= t.sawtoothMinDrops {
            result.kind = .sawtooth
            result.confidence = m.drops >= 2 * t.sawtoothMinDrops ? "high" : "medium"
            result.reason =
                "RSS fell back \(m.drops) times between \(mb(m.floor[0])) and \(mb(maxRSS(m.samples))) "
                + "and kept only \(mb(m.growth)) over \(formatDuration(m.duration)): collected, not leaking"
        } else {
            result.kind = .flat
            result.confidence = "high"
            result.reason =
                "RSS stayed between \(mb(minRSS(m.samples))) and \(mb(maxRSS(m.samples))) over "
                + "\(formatDuration(m.duration)); \(mb(m.growth)) kept"
        }
        return result
    }

    /// `step` when the growth after the warm-up came in jumps: floor rises inside windows of stepWindowShare of
    /// the duration, after the first warmUpShare of the segment (where a fresh process loads code and fills caches).
    private static func step(_ m: Measures, _ result: TrendResult, thresholds t: AnalysisThresholds) -> TrendResult? {
        let window = max(t.stepWindowShare * m.duration, 1)
        let warmUpEnd = t.warmUpShare * m.duration
        let afterWarmUp = max(0, m.floor[m.endIndex] - m.floorAt(warmUpEnd))
        let jumps = floorJumps(
            m.samples, floor: m.floor, endIndex: m.endIndex, window: window,
            minRise: max(t.minGrowthKB / 2, 0.2 * m.growth)
        ).filter { $0.startSeconds - m.t0 > warmUpEnd }
        let jumpTotal = jumps.reduce(0) { $0 + $1.rise }
        guard !jumps.isEmpty, afterWarmUp >= t.minGrowthKB, jumpTotal >= t.stepShare * afterWarmUp else { return nil }
        var result = result
        result.kind = .step
        result.steps = jumps.count
        if let last = jumps.last, m.growth > 0, m.duration > 0 {
            let endSeconds = m.samples[m.endIndex].seconds
            let after = max(0, m.floor[m.endIndex] - m.floorAt(last.endSeconds - m.t0))
            result.afterLastStep = (max(0, endSeconds - last.endSeconds) / m.duration, after / m.growth)
        }
        result.confidence = jumpTotal >= 0.8 * afterWarmUp ? "high" : "medium"
        let list = jumps.prefix(3).map {
            "\(formatMB($0.rise)) at \(Timestamp(milliseconds: Int64(($0.startSeconds * 1000).rounded())).iso8601)"
        }
        result.reason =
            "RSS jumped \(list.joined(separator: ", "))\(jumps.count > 3 ? "…" : "") and never gave it "
            + "back: \(formatPercent(min(1, jumpTotal / m.growth))) of the \(formatMB(m.growth)) kept"
        return result
    }

    /// `leak` when the last third still holds enough of the growth and the envelope still rises significantly;
    /// with a limit, when it would be reached.
    private static func leak(
        _ m: Measures, _ result: TrendResult, limit: Double?, thresholds t: AnalysisThresholds
    ) -> TrendResult? {
        // Under 20 values (a platform's metrics every 20 s) the second half alone cannot reach significance: the
        // whole series is tested instead, and the last third's share of the growth still decides.
        let n = m.samples.count
        let late = n < 20 ? m.mkAll : m.mkLate
        let tailShare = m.tailShare ?? 0
        let stillRising = tailShare >= t.leakTailShare && late.z > 0 && late.p < t.trendAlpha
        let sparselyBeneath = !stillRising && sparseRiseBeneathWarmUp(m, thresholds: t)
        let beneathWarmUp = !stillRising && (risesBeneathWarmUp(m, thresholds: t) || sparselyBeneath)
        guard stillRising || (tailShare > t.plateauTailShare && late.z > 0 && late.p < t.trendAlpha) || beneathWarmUp
        else {
            return nil
        }
        var result = result
        result.kind = .leak
        let r2 = m.leastSquares?.r2 ?? 0
        result.confidence =
            m.mkAll.p < 1e-6 && r2 >= 0.8 && stillRising
            ? "high"
            : m.mkAll.p < t.trendAlpha && r2 >= 0.5 ? "medium" : "low"
        var rate = m.slope ?? m.growth / 1024 / (m.duration / 3600)
        var sentence =
            "RSS kept rising \(formatRate(rate)) (Theil-Sen; R² \(String(format: "%.2f", r2)), "
            + "Mann-Kendall z \(String(format: "%.1f", m.mkAll.z))) for \(formatDuration(m.duration)), "
            + "\(formatMB(m.growth)) kept, \(Int((tailShare * 100).rounded()))% of it in the last third"
        if beneathWarmUp {
            // The whole series' slope is the warm-up's; the leak is the rate it kept after filling.
            let tailHours = (m.samples[m.endIndex].seconds - m.t0) / 3 / 3600
            rate = m.tailGrowth / 1024 / max(tailHours, 1e-9)
            result.confidence = sparselyBeneath ? "low" : "medium"
            result.beneathWarmUp = true
            result.slopeMBPerHour = round2(rate)
            let evidence =
                sparselyBeneath
                ? "rising at every sample of its second half"
                : "Mann-Kendall z \(String(format: "%.1f", m.mkTail?.z ?? 0)) there"
            sentence =
                "RSS grew \(formatMB(m.growth - m.tailGrowth)) fast at first (a warm-up) and kept rising "
                + "\(formatRate(rate)) through the last third (\(formatMB(m.tailGrowth)), \(evidence)): a leak "
                + "beneath the warm-up, not a plateau"
        }
        if m.drops >= t.sawtoothMinDrops { sentence += ", on a sawtooth of \(m.drops) collections" }
        if let limit, rate > 0 {
            let last = m.samples[n - 1]
            let hours = max(0, (limit - last.rssKB) / 1024 / rate)
            result.hoursToLimit = round2(hours)
            result.limitAtMS = last.ms + Int64(hours * 3_600_000)
            sentence += "; reaches the \(formatMB(limit)) limit in \(formatDuration(hours * 3600))"
        }
        result.reason = sentence
        return result
    }

    /// Whether the floor's last pause (rising no more than `tolerance`, to the end) lasted longer than every pause
    /// between its steps since it first rose.
    private static func lastPauseIsLongest(_ m: Measures, tolerance: Double) -> Bool {
        let times = m.samples.map { $0.seconds - m.t0 }
        // Up to the floor's settled end: at the very last samples the floor is those samples, noise and all.
        let end = m.endIndex
        guard let first = m.floor.firstIndex(where: { $0 > m.start + tolerance }), first <= end else { return true }
        var spans: [Double] = []
        var i = first - 1
        while i < end {
            var j = i
            while j + 1 <= end, m.floor[j + 1] - m.floor[i] <= tolerance { j += 1 }
            // The last pause runs on to the end of the recording.
            spans.append((j == end ? m.duration : times[j]) - times[i])
            i = max(j, i + 1)
        }
        return (spans.last ?? 0) > (spans.dropLast().max() ?? 0)
    }

    /// `plateau` when RSS held still for the last `settledAfterJumpShare` of the time: every sample there within
    /// `heldRangeShare` of the growth, the floor rising at most `settledTailShare` of it. A cache that filled until
    /// late in the recording leaves a third of its growth in the last third, yet it stopped; a leak keeps rising to
    /// the end, and a sawtooth leak swings wider than that.
    private static func heldAtTheEnd(_ m: Measures, _ result: TrendResult, thresholds t: AnalysisThresholds)
        -> TrendResult?
    {
        let endSeconds = m.duration
        let from = endSeconds - t.settledAfterJumpShare * m.duration
        guard from > 0, m.growth > 0, from < m.samples[m.endIndex].seconds - m.t0 else { return nil }
        let held = m.samples.filter { $0.seconds - m.t0 >= from }.map(\.rssKB)
        guard held.count >= 3, let low = held.min(), let high = held.max(),
            high - low <= t.heldRangeShare * m.growth,
            m.floor[m.endIndex] - m.floorAt(from) <= t.settledTailShare * m.growth,
            // A rise in steps pauses between them: a pause at the end no longer than one between its earlier
            // steps is another pause, not the end of growth.
            lastPauseIsLongest(m, tolerance: t.settledTailShare * m.growth)
        else { return nil }
        var result = plateau(m, result, thresholds: t)
        result.reason =
            "RSS grew \(formatMB(m.growth)) and then held between \(formatMB(low)) and \(formatMB(high)) for its last "
            + "\(formatDuration(endSeconds - from)): levelled off late, not still rising"
        return result
    }

    /// A leak beneath a warm-up: a cache filling fast at first leaves the last third a small share of the growth,
    /// yet a plateau does not keep rising through its whole last third. When the envelope there still rises
    /// steadily (Mann-Kendall p < `trendAlpha` / 10 over at least 10 points) and the floor kept at least half of
    /// `minGrowthKB` and more than `settledTailShare` of the growth in it, the
    /// process is still leaking, only slower than it filled.
    private static func risesBeneathWarmUp(_ m: Measures, thresholds t: AnalysisThresholds) -> Bool {
        guard let tail = m.mkTail else { return false }
        return tail.z > 0 && tail.p < t.trendAlpha / 10 && m.tailGrowth >= t.minGrowthKB / 2
            && (m.tailShare ?? 0) > t.settledTailShare
    }

    /// A leak beneath a warm-up seen through sparse samples (under 20): too few in the last third for Mann-Kendall,
    /// yet the floor rose at every sample of the second half, by at least half of `minGrowthKB` and more than
    /// `settledTailShare` of the growth, and in the later half of it at least a third as fast as in the earlier (a
    /// cache filling up slows down more than that).
    private static func sparseRiseBeneathWarmUp(_ m: Measures, thresholds t: AnalysisThresholds) -> Bool {
        let n = m.samples.count
        guard n < 20, let mid = m.samples.firstIndex(where: { $0.seconds - m.t0 >= m.duration / 2 }),
            mid < m.endIndex
        else { return false }
        let tail = Array(mid...m.endIndex)
        guard tail.count >= 4, zip(tail, tail.dropFirst()).allSatisfy({ m.floor[$1] > m.floor[$0] }) else {
            return false
        }
        let gain = m.floor[m.endIndex] - m.floor[mid]
        guard gain >= t.minGrowthKB / 2, gain > t.settledTailShare * m.growth else { return false }
        let (first, middle, last) = (tail[0], tail[tail.count / 2], tail[tail.count - 1])
        func rate(_ a: Int, _ b: Int) -> Double {
            (m.floor[b] - m.floor[a]) / max(m.samples[b].seconds - m.samples[a].seconds, 1e-9)
        }
        return rate(middle, last) >= rate(first, middle) / 3
    }

    /// Growth that levelled off: `plateau`.
    private static func plateau(_ m: Measures, _ result: TrendResult, thresholds t: AnalysisThresholds)
        -> TrendResult
    {
        var result = result
        result.kind = .plateau
        result.confidence = (m.tailShare ?? 1) <= t.plateauTailShare ? "high" : "medium"
        result.reason =
            "RSS grew \(formatMB(m.growth)) and then levelled off near \(formatMB(m.floor[m.endIndex])): "
            + "\(Int(((m.tailShare ?? 0) * 100).rounded()))% of the growth in the last third"
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
                // A rise over more samples than the window holds is one jump: it goes on where the last one ended.
                if let last = jumps.last, last.endSeconds == samples[a].seconds {
                    jumps[jumps.count - 1] = (last.startSeconds, samples[b].seconds, last.rise + floor[b] - floor[a])
                } else {
                    jumps.append((samples[a].seconds, samples[b].seconds, floor[b] - floor[a]))
                }
                i = b
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
    /// and stayed (the floor after it keeps at least three quarters of the rise, over at least one later sample: a
    /// rise in the very last sample before a restart may have been given back a moment later). Low confidence: the
    /// resolution is the sampling interval.
    /// A segment too short to classify whose values, once those given back later are set aside (a spike that
    /// fell), each rose above the last: a `leak` of low confidence, which few samples cannot tell from a warm-up.
    ///
    /// Platform metrics every 20 s give a handful of values per process; a rise kept in every one of at least
    /// four of them (most of the segment's), by `minGrowthKB` and `minGrowthShare` of the start, not half of it in
    /// the last step, and as fast in
    /// its later half as in its earlier (a warm-up slows down), in a process sampled at least every
    /// `sparseIntervalSeconds` apart that lived to the end of the recording, is growth the analysis names, hedged,
    /// instead of dropping it as too short.
    static func sparseClimb(
        _ segment: Segment, limit: Double?, steady: Double?, thresholds t: AnalysisThresholds, recordingEndMS: Int64?
    ) -> TrendResult? {
        let samples = segment.samples
        // Few values because the sampling is sparse, not because the process lived briefly: a worker recycled or
        // restarted after a short climb is what a killer or a crash leaves, and its rise says nothing of a leak.
        guard samples.count >= 2 else { return nil }
        let intervalMS = Double(segment.endMS - segment.startMS) / Double(samples.count - 1)
        // Other processes' samples come up to an interval later: ended is two intervals before the recording.
        let endedEarly = recordingEndMS.map {
            Double($0 - segment.endMS) > max(t.endedEarlySeconds * 1000, 2 * intervalMS)
        }
        guard intervalMS >= Self.sparseIntervalSeconds * 1000, endedEarly != true else { return nil }
        let floor = segment.floor
        // A value above a later one was given back: the rest are the floor's own values.
        let kept = samples.indices.filter { samples[$0].rssKB <= floor[$0] }
        guard kept.count >= 4, kept.count * 2 >= samples.count, let first = kept.first, let last = kept.last else {
            return nil
        }
        let values = kept.map { samples[$0].rssKB }
        guard zip(values, values.dropFirst()).allSatisfy({ $1 > $0 }) else { return nil }
        let growth = values[values.count - 1] - values[0]
        guard growth >= t.minGrowthKB, growth >= t.minGrowthShare * values[0] else { return nil }
        // A rise in the last sample (before a restart) was never seen to stay: it may not hold half the climb.
        guard values[values.count - 1] - values[values.count - 2] <= 0.5 * growth else { return nil }
        let seconds = Double(samples[last].ms - samples[first].ms) / 1000
        guard seconds > 0 else { return nil }
        // A warm-up slows down: the later half of the kept values must rise at half the earlier half's rate.
        let middle = kept[kept.count / 2]
        let rate = { (from: Int, to: Int) in
            (samples[to].rssKB - samples[from].rssKB) / max(1, Double(samples[to].ms - samples[from].ms))
        }
        guard rate(middle, last) >= 0.5 * rate(first, middle) else { return nil }
        return TrendResult(
            kind: .leak, confidence: "low", slopeMBPerHour: round2(growth / 1024 / (seconds / 3600)),
            retainedKB: growth.rounded(), drops: samples.count - kept.count, steps: 0, steadyRSSKB: steady,
            limitKB: limit,
            reason:
                "only \(samples.count) RSS values, but the \(kept.count) not given back each rose above the last, "
                + "\(formatMB(values[0])) to \(formatMB(values[values.count - 1])) in \(formatDuration(seconds)): "
                + "growth, though too few samples to tell a leak from a warm-up")
    }

    /// The mean interval between samples from which a series is sparse: platform metrics every 20 s, a loop of
    /// `sleep 15`.
    static let sparseIntervalSeconds = 10.0

    static func sparseStep(_ segment: Segment, limit: Double?, steady: Double?, thresholds t: AnalysisThresholds)
        -> TrendResult?
    {
        let samples = segment.samples
        guard samples.count >= 3 else { return nil }
        let floor = segment.floor
        var best: (index: Int, kept: Double)?
        for i in 1..<(samples.count - 1) {
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
