/// What one `memline analyze` run found, for printing and for the report.
public struct AnalysisSummary: Sendable, Equatable {
    public var series: Int
    public var segments: Int
    /// Segments per trend kind.
    public var trends: [TrendKind: Int]
    public var spikes: Int
    public var unrecoveredSpikes: Int
    public var suspects: Int
    /// The names of the suspects, in rank order.
    public var suspectNames: [String]
    public var workerBudgets: Int
    public var thresholds: AnalysisThresholds
    /// Pairs of artifacts whose clocks disagree (`clock_skews`).
    public var clockSkews = 0
    /// The verdict paragraph (`analysis_runs.verdict`).
    public var verdict = ""
    /// Candidates ruled out (`ruled_out`).
    public var ruledOut = 0
}
