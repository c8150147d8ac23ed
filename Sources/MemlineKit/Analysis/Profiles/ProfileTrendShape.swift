/// How one function's in-use bytes moved over a series of heap profiles: the answer to "steadily growing, or one
/// jump?".
///
/// Decided from the function's bytes at each dump (`classify`), relative to the most it ever held (`peak`):
/// - `flat`: first and last within 10% of the peak, and never more than 35% of the peak apart (sampling noise of a
///   working set that is reused).
/// - `upAndDown`: first and last within 10% but swinging more than that; or grew, yet gave back along the way
///   (the falls add up to half the growth or more): a sawtooth, a cache that is trimmed.
/// - `shrinking`: the last dump holds at least 10% of the peak less than the first.
/// - `oneJump`: grew, and one step (dump to next dump) carries half the growth or more: a table loaded once, a
///   burst that was never freed — growth that will not repeat on its own.
/// - `steadyGrowth`: grew over many steps, rising more often than not (Kendall's tau ≥ 0.5): the shape of a leak.
/// - `risingUnevenly`: grew without one dominant step, but with no clear trend between dumps (tau < 0.5).
public enum ProfileTrendShape: String, Sendable, Equatable, CaseIterable {
    case steadyGrowth = "steady growth"
    case oneJump = "one jump"
    case risingUnevenly = "rising unevenly"
    case upAndDown = "up and down"
    case flat
    case shrinking

    /// The statistics of a series and its shape.
    public struct Measures: Sendable, Equatable {
        public var growth: Double
        public var peak: Double
        public var risingSteps: Int
        public var fallingSteps: Int
        /// Mann-Kendall S over every pair of dumps, divided by the number of pairs (−1…1).
        public var kendallTau: Double
        /// The largest single rise as a fraction of the growth; nil when nothing grew.
        public var largestStepShare: Double?
        public var shape: ProfileTrendShape
    }

    /// Share of the peak below which a change between first and last dump is not growth.
    static let growthShare = 0.10
    /// Share of the peak a series may swing and still be flat.
    static let flatSwingShare = 0.35
    /// Share of the growth one step must carry to make it a jump.
    static let jumpShare = 0.5
    /// Share of the growth the falls must add up to for a growing series to be up and down.
    static let givenBackShare = 0.5
    /// Kendall's tau from which growth is steady.
    static let steadyTau = 0.5

    /// Measures `bytes` (a function's in-use bytes at each dump, in series order; at least two).
    public static func classify(_ bytes: [Double]) -> Measures {
        let first = bytes.first ?? 0
        let last = bytes.last ?? 0
        let growth = last - first
        let peak = bytes.max() ?? 0
        let low = bytes.min() ?? 0
        var rising = 0
        var falling = 0
        var largestRise = 0.0
        var fallen = 0.0
        for (a, b) in zip(bytes, bytes.dropFirst()) {
            if b > a {
                rising += 1
                largestRise = max(largestRise, b - a)
            } else if b < a {
                falling += 1
                fallen += a - b
            }
        }
        let tau = kendallTau(bytes)
        let stepShare = growth > 0 ? largestRise / growth : nil
        let shape: ProfileTrendShape
        if peak <= 0 || abs(growth) < growthShare * peak {
            shape = peak <= 0 || peak - low <= flatSwingShare * peak ? .flat : .upAndDown
        } else if growth < 0 {
            shape = .shrinking
        } else if fallen >= givenBackShare * growth {
            shape = .upAndDown
        } else if let stepShare, stepShare >= jumpShare {
            shape = .oneJump
        } else if tau >= steadyTau {
            shape = .steadyGrowth
        } else {
            shape = .risingUnevenly
        }
        return Measures(
            growth: growth, peak: peak, risingSteps: rising, fallingSteps: falling, kendallTau: tau,
            largestStepShare: stepShare, shape: shape)
    }

    /// Kendall's tau-a of the series against its order: Mann-Kendall S (pairs that rose − pairs that fell) / pairs.
    static func kendallTau(_ y: [Double]) -> Double {
        let n = y.count
        guard n >= 2 else { return 0 }
        let s = n >= 3 ? TrendStatistics.mannKendall(y).s : (y[1] > y[0] ? 1 : y[1] < y[0] ? -1 : 0)
        return s / Double(n * (n - 1) / 2)
    }
}
