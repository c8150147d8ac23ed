/// What the trend classifier found for one segment.
struct TrendResult: Sendable {
    var kind: TrendKind
    var confidence: String
    var slopeMBPerHour: Double?
    var r2: Double?
    var mkZ: Double?
    var mkP: Double?
    /// Floor growth: start of the floor to its value near the end.
    var retainedKB: Double
    var tailShare: Double?
    var drops: Int
    var steps: Int
    var steadyRSSKB: Double?
    var limitKB: Double?
    var hoursToLimit: Double?
    var limitAtMS: Int64?
    var reason: String
    /// A leak found beneath a warm-up (`TrendClassifier`): the slow rise after a fast fill, less sure than a leak.
    var beneathWarmUp = false
    /// For a step: the share of the segment's duration after its last jump, and the share of the growth the floor
    /// added in that time (how long and how still it stayed put afterwards).
    var afterLastStep: (durationShare: Double, growthShare: Double)? = nil
}
