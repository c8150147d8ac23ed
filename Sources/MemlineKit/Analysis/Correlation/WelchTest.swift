import Foundation

/// One-sided Welch test: is one group's mean above the other's, each with its own spread?
///
/// The binomial test of retaining requests counts how many requests raised the floor; when a leak lifts the floor
/// under nearly every request, every endpoint's count is near the whole and the count says nothing, while one
/// endpoint may keep fifty times what the others keep per request. This test compares those amounts. Both groups
/// need `minimumCount` requests: the normal approximation of Welch's t is used, so small groups are not tested.
enum WelchTest {
    static let minimumCount = 20

    /// A group's size, sum and sum of squares.
    struct Moments {
        var count: Int
        var sum: Double
        var squares: Double

        var mean: Double { count > 0 ? sum / Double(count) : 0 }
        /// The sample variance (never negative: rounding can make sums of squares a hair short).
        var variance: Double {
            guard count > 1 else { return 0 }
            return max(0, (squares - sum * mean) / Double(count - 1))
        }
    }

    /// P(a's mean would exceed b's by this much when they are equal); 1 when either group is too small to test.
    static func upperTail(_ a: Moments, over b: Moments) -> Double {
        guard a.count >= minimumCount, b.count >= minimumCount else { return 1 }
        let spread = (a.variance / Double(a.count) + b.variance / Double(b.count)).squareRoot()
        guard spread > 0 else { return a.mean > b.mean ? 0 : 1 }
        let t = (a.mean - b.mean) / spread
        return 0.5 * erfc(t / 2.0.squareRoot())
    }
}
