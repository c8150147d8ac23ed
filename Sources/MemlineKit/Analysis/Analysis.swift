import Foundation
import GRDB

/// The analysis stage: from the ingested rows to trends, spikes, correlations, ranked suspects and budgets.
///
/// Reads every memory series, splits it at restarts, classifies each segment's trend, finds spikes, compares
/// siblings, correlates spikes and growing segments with requests and jobs, ranks suspects and budgets workers.
/// Everything is written in one transaction to the analysis tables (`trends`, `spikes`, `window_counts`,
/// `endpoint_growth`, `job_overlaps`, `suspects`, `suspect_evidence`, `worker_budgets`, `analysis_runs`),
/// replacing the previous run. The same database always gives the same rows.
/// ```swift
/// let db = try MemlineDatabase(path: "incident.sqlite")
/// let summary = try Analysis.run(on: db, thresholds: AnalysisThresholds())
/// for suspect in try db.suspects() { print(suspect.id, suspect.name, suspect.reason) }
/// ```
public enum Analysis {
    /// Runs the whole analysis and returns what it found.
    /// - Throws: database errors only; empty input gives an empty analysis.
    public static func run(on database: MemlineDatabase, thresholds: AnalysisThresholds = AnalysisThresholds())
        throws -> AnalysisSummary
    {
        try database.write { db in try run(db, thresholds: thresholds, path: database.path) }
    }

    /// - Parameter path: the database file, so the per-request scan can read it on several connections at once.
    static func run(_ db: Database, thresholds t: AnalysisThresholds, path: String? = nil) throws -> AnalysisSummary {
        try AnalysisWriter.clear(db)
        let rssSeries = try SeriesLoader.rssSeries(db)
        let starts = try ProcessStarts.load(db)
        let events = try (SeriesLoader.restartEvents(db) + starts.restarts).sorted { $0.ms < $1.ms }
        let partitions = try RequestRetention.partitions(db, path: path)
        var series = rssSeries
        for p in partitions where !rssSeries.contains(where: p.matches) && !p.series.isEmpty {
            series.append(
                MemorySeries(source: "request_memory", host: p.host, pid: p.pid, process: nil, samples: p.series))
        }

        var analyzed: [AnalyzedSegment] = []
        let recordingEndMS = series.compactMap { $0.samples.last?.ms }.max()
        for s in series {
            for segment in Segmenter.segments(of: s, events: events, starts: starts, thresholds: t) {
                analyzed.append(
                    AnalyzedSegment(
                        segment: segment,
                        trend: TrendClassifier.classify(segment, thresholds: t, recordingEndMS: recordingEndMS),
                        spikes: SpikeDetector.spikes(in: segment, thresholds: t)))
            }
        }
        try HeapLevelling.apply(&analyzed, db, thresholds: t)
        SiblingComparison.apply(&analyzed, thresholds: t)
        // Link each request partition to the (first) segment of the same process.
        for (pi, p) in partitions.enumerated() {
            if let i = analyzed.firstIndex(where: {
                p.matches($0.series)
                    || ($0.series.source == "request_memory"
                        && $0.series.pid == p.pid && $0.series.host == p.host)
            }) {
                if analyzed[i].partition == nil { analyzed[i].partition = pi }
            }
        }

        for i in analyzed.indices {
            analyzed[i].trendID = try AnalysisWriter.insertTrend(db, analyzed[i])
            for spike in analyzed[i].spikes {
                analyzed[i].spikeIDs.append(
                    try AnalysisWriter.insertSpike(db, spike, trendID: analyzed[i].trendID, series: analyzed[i].series))
            }
        }

        let correlations = try Correlator.run(db, segments: analyzed, partitions: partitions, thresholds: t)
        let outcome = try SuspectBuilder(
            db: db, segments: analyzed, partitions: partitions, correlations: correlations, thresholds: t
        ).build()
        let suspects = outcome.suspects
        try SuspectWriter.write(db, suspects)
        try SuspectWriter.write(db, ruledOut: outcome.ruledOut)
        let verdict = Verdict(segments: analyzed, outcome: outcome).paragraph
        let budgets = try WorkerBudget.write(db, segments: analyzed, thresholds: t)

        let spikes = analyzed.flatMap(\.spikes)
        let logArtifacts = Set(partitions.flatMap { $0.series.map(\.artifactID) })
        let clocks = try ClockSkewDetector.detect(db, series: rssSeries, logArtifacts: logArtifacts, thresholds: t)
        try ClockSkewWriter.write(db, clocks.skews)
        let version = try String.fetchOne(db, sql: AnalysisWriter.dataVersionSQL) ?? "0:0"
        try db.execute(
            sql: """
                INSERT INTO analysis_runs (id, thresholds, series, segments, spikes, suspects, clock_skew, data_version,
                  verdict)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                t.json, series.count, analyzed.count, spikes.count, suspects.count, clocks.note, version, verdict,
            ])
        var kinds: [TrendKind: Int] = [:]
        for a in analyzed { kinds[a.trend.kind, default: 0] += 1 }
        var summary = AnalysisSummary(
            series: series.count, segments: analyzed.count, trends: kinds, spikes: spikes.count,
            unrecoveredSpikes: spikes.filter { $0.end == nil }.count, suspects: suspects.count,
            suspectNames: suspects.map(\.name), workerBudgets: budgets, thresholds: t)
        summary.clockSkews = clocks.skews.count
        summary.verdict = verdict
        summary.ruledOut = Set(outcome.ruledOut.map { $0.kind.rawValue + "\u{1F}" + $0.name }).count
        return summary
    }
}
