import Foundation

/// The statistics behind trend classification: Theil-Sen slope, least squares with R², Mann-Kendall.
///
/// Series longer than `maxPoints` are thinned by an even stride first, so every test stays O(maxPoints²)
/// whatever the sampling rate.
enum TrendStatistics {
    static let maxPoints = 600

    /// Indices of at most `maxPoints` evenly strided elements of a collection of `count` elements.
    static func strided(_ count: Int, maxPoints: Int = maxPoints) -> [Int] {
        guard count > maxPoints else { return Array(0..<count) }
        return (0..<maxPoints).map { $0 * (count - 1) / (maxPoints - 1) }
    }

    /// The index of the lowest value (the first, if tied) among the last 10% (at least one) of `values`: where a
    /// series is taken to have settled, so that a transient still held when the recording stopped is not growth.
    static func tailMinimumIndex(_ values: [Double]) -> Int {
        guard !values.isEmpty else { return 0 }
        var best = max(0, values.count - max(1, values.count / 10))
        for i in best..<values.count where values[i] < values[best] { best = i }
        return best
    }

    /// The index of the lowest value (the first, if tied) among the last 10% of `samples` (at least one) and every
    /// sample of the last `minSeconds`: where the segment is taken to have settled.
    static func settledIndex(_ samples: [MemorySample], minSeconds: Double) -> Int {
        guard let last = samples.last else { return 0 }
        var start = max(0, samples.count - max(1, samples.count / 10))
        let from = last.ms - Int64(minSeconds * 1000)
        while start > 0, samples[start - 1].ms >= from { start -= 1 }
        var best = start
        for i in start..<samples.count where samples[i].rssKB < samples[best].rssKB { best = i }
        return best
    }

    /// Theil-Sen estimator: the median of the slopes between every pair of points (robust to outliers).
    static func theilSen(x: [Double], y: [Double]) -> Double? {
        let n = x.count
        guard n >= 2 else { return nil }
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n {
            for j in (i + 1)..<n where x[j] != x[i] {
                slopes.append((y[j] - y[i]) / (x[j] - x[i]))
            }
        }
        return medianSelect(&slopes)
    }

    /// The median by quickselect (O(n), reorders `values`); nil when empty.
    static func medianSelect(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let n = values.count
        let upper = select(&values, n / 2)
        guard n % 2 == 0 else { return upper }
        // The lower middle is the largest of the elements quickselect left below index n/2.
        let lower = values[0..<(n / 2)].max() ?? upper
        return (lower + upper) / 2
    }

    /// Ordinary least squares: slope, intercept and the coefficient of determination R².
    static func leastSquares(x: [Double], y: [Double]) -> (slope: Double, intercept: Double, r2: Double)? {
        guard x.count >= 2 else { return nil }
        let m = moments(x, y)
        guard m.sxx > 0 else { return nil }
        let slope = m.sxy / m.sxx
        let r2 = m.syy > 0 ? (m.sxy * m.sxy) / (m.sxx * m.syy) : 1
        return (slope, m.my - slope * m.mx, r2)
    }

    /// Pearson's correlation coefficient; nil with fewer than 3 pairs or when either side is constant.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let m = moments(x, y)
        guard m.sxx > 0, m.syy > 0 else { return nil }
        return m.sxy / (m.sxx * m.syy).squareRoot()
    }

    /// Means and centred sums of squares and products of paired values.
    private static func moments(_ x: [Double], _ y: [Double])
        -> (mx: Double, my: Double, sxx: Double, sxy: Double, syy: Double)
    {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx
            let dy = y[i] - my
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        return (mx, my, sxx, sxy, syy)
    }

    /// Mann-Kendall test for a monotonic trend: S, Z (continuity-corrected, tie-adjusted variance) and the
    /// two-sided p-value from the normal approximation.
    static func mannKendall(_ y: [Double]) -> (s: Double, z: Double, p: Double) {
        let n = y.count
        guard n >= 3 else { return (0, 0, 1) }
        var s = 0.0
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                if y[j] > y[i] { s += 1 } else if y[j] < y[i] { s -= 1 }
            }
        }
        var ties: [Double: Int] = [:]
        for v in y { ties[v, default: 0] += 1 }
        let nd = Double(n)
        var variance = nd * (nd - 1) * (2 * nd + 5)
        for t in ties.values where t > 1 {
            let td = Double(t)
            variance -= td * (td - 1) * (2 * td + 5)
        }
        variance /= 18
        guard variance > 0 else { return (s, 0, 1) }
        let z = s > 0 ? (s - 1) / variance.squareRoot() : s < 0 ? (s + 1) / variance.squareRoot() : 0
        let p = min(1, erfc(abs(z) / 2.0.squareRoot()))
        return (s, z, p)
    }

    /// The median of `values` (reordered in place); nil when empty.
    static func median(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }

    /// The `q` quantile (0…1) of already sorted values, nearest rank.
    static func quantile(sorted values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = Int((q * Double(values.count)).rounded(.up)) - 1
        return values[min(values.count - 1, max(0, rank))]
    }

    /// The `q` quantile (nearest rank, as `quantile(sorted:)`) by quickselect: O(n), reorders `values`.
    static func quantileSelect(_ values: inout [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        return select(&values, min(values.count - 1, max(0, Int((q * Double(values.count)).rounded(.up)) - 1)))
    }

    /// The element that would be at index `k` if `values` were sorted (Hoare quickselect). Afterwards every
    /// element before index k is ≤ it.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        var lo = 0
        var hi = values.count - 1
        while lo < hi {
            let pivot = values[(lo + hi) / 2]
            var i = lo
            var j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return values[k]
    }

    /// Median of `values` weighted by `weights` (the smallest value reaching half the total weight).
    static func weightedMedian(_ pairs: [(value: Double, weight: Double)]) -> Double? {
        let sorted = pairs.filter { $0.weight > 0 }.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        var acc = 0.0
        for pair in sorted {
            acc += pair.weight
            if acc >= total / 2 { return pair.value }
        }
        return sorted.last?.value
    }
}
