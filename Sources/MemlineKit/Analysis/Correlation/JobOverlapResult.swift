/// How much of one subject's memory rise fell inside the runs of one job class.
struct JobOverlapResult: Sendable {
    var jobClass: String
    var runs: Int
    var timeShare: Double
    var riseKB: Double
    var riseShare: Double
    /// The subject's whole rise (the denominator of `riseShare`).
    var subjectRiseKB: Double
    var risingIntervals: Int
    var risingInside: Int
    var pValue: Double
    /// The runs that held most of the rise, most first.
    var topRuns: [JobRun]

    /// Rise share over time share: how much more the memory rose while this class ran.
    var enrichment: Double { timeShare > 0 ? riseShare / timeShare : 0 }
}
