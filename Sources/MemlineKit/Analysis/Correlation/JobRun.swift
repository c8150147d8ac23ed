/// One job run read for overlap analysis, with its lines in the job log.
struct JobRun: Sendable, Equatable {
    var jobClass: String
    /// The run's span as compared with samples (widened for whole-second sample times).
    var startMS: Int64
    var endMS: Int64
    /// The start and end as logged.
    var loggedStartMS: Int64
    var loggedEndMS: Int64
    var artifactID: Int64
    var line: Int
    var lineEnd: Int?
    /// Memory rise (floor growth) inside this run, filled by `JobOverlapAnalyzer`.
    var riseKB = 0.0
}
