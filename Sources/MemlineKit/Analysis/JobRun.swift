/// One job run read for overlap analysis, with its lines in the job log.
struct JobRun: Sendable, Equatable {
    var jobClass: String
    var startMS: Int64
    var endMS: Int64
    var artifactID: Int64
    var line: Int
    var lineEnd: Int?
    /// Memory rise (floor growth) inside this run, filled by `JobOverlapAnalyzer`.
    var riseKB = 0.0
}
