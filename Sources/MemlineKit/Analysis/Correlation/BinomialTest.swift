import Foundation

/// One-sided exact binomial test, the significance test behind every count comparison in the analysis.
///
/// A window comparison is a Poisson rate comparison conditioned on the total: given `n` events in the window and
/// the equal windows around it, the window's count is Binomial(n, w) under "same rate", where w is the window's
/// share of the time. Large `n` uses the normal approximation with continuity correction.
enum BinomialTest {
    /// P(X ≥ k) for X ~ Binomial(n, p).
    static func upperTail(k: Int, n: Int, p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        if n > 20_000 {
            let mean = Double(n) * p
            let sd = (Double(n) * p * (1 - p)).squareRoot()
            let z = (Double(k) - 0.5 - mean) / sd
            return 0.5 * erfc(z / 2.0.squareRoot())
        }
        let lp = log(p)
        let lq = log1p(-p)
        // log C(n, k), then each next term by the ratio (n - i) / (i + 1) · p / q; summed relative to the largest.
        var logChoose = 0.0
        for j in 1...k { logChoose += log(Double(n - k + j) / Double(j)) }
        var t = logChoose + Double(k) * lp + Double(n - k) * lq
        var terms: [Double] = [t]
        var top = t
        var i = k
        while i < n {
            t += log(Double(n - i) / Double(i + 1)) + lp - lq
            i += 1
            terms.append(t)
            top = max(top, t)
            if t < top - 40, Double(i) > Double(n) * p { break }
        }
        let sum = terms.reduce(0) { $0 + exp($1 - top) }
        return min(1, exp(top) * sum)
    }
}
