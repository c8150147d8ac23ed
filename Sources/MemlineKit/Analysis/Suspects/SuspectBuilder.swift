import Foundation
import GRDB

/// Turns trends and correlations into one ranked list of suspects, each with figures, rows and SQL.
///
/// Everything is measured against the incident's growth: the memory kept by segments that leak or step, plus the
/// rise of spikes that crossed a limit. Kinds:
/// - **endpoint**: per-request RSS growth that stayed (floor credits, `v_request_retained`) on growing processes
///   that are not outliers among their siblings; named when its share of the kept growth, its enrichment over its
///   share of requests and an exact binomial test of its retaining requests all pass. Big deltas that were given
///   back earn nothing, and an endpoint whose requests kept under `suspectMinKeptShare` of what they grew is a
///   transient (the red herring): its floor credit is other requests' growth made while its allocation was held.
/// - **job_class**: the share of a growing segment's (or an unrecovered spike's) rise inside the class's runs,
///   against the share of time they ran (exact binomial test over the rising sample intervals).
/// - **endpoint** (in flight): the same test for requests in flight on a process whose logs have start and end
///   but no per-request RSS (Heroku router, plain Rails logs); its reason says it is timing, not measured growth.
/// - **process**: a sibling that grows `divergenceFactor` × faster than its role's median; and a growing process
///   that nothing in the logs explains (hedged).
/// - **configuration**: GC never ran (`gc_samples` count flat) while the process grew.
/// - **allocation_site** and **gem**: Ruby heap diff groups of the snapshots taken while the process grew
///   (`SuspectBuilder+Heap`); **function**: heap profile functions whose in-use bytes grew
///   (`SuspectBuilder+Profiles`); **process** (Erlang): the process whose memory and mailbox grew with its node
///   (`SuspectBuilder+ProcessQueues`), and the registered process that climbed in life after life, killed at the
///   top (`SuspectBuilder+KilledLives`).
/// Score = 100 × explained KiB / incident growth (capped at 100) × 1 when confident, 0.6 hedged (0.3 for an
/// unexplained process). Nothing grows, nothing is named.
struct SuspectBuilder {
    let db: Database
    let segments: [AnalyzedSegment]
    let partitions: [RequestPartition]
    let correlations: CorrelationResults
    let thresholds: AnalysisThresholds

    var t: AnalysisThresholds { thresholds }

    /// The ranked suspects, reconciled (`VerdictReconciler`), and the candidates the evidence ruled out.
    func build() throws -> VerdictReconciler.Outcome {
        let growing = segments.indices.filter { segments[$0].isGrowing }
        var base = growing.reduce(0.0) { $0 + segments[$1].trend.retainedKB }
        for a in segments where !a.isGrowing {
            for s in a.spikes where s.crossedLimit { base += s.riseKB }
        }
        if base == 0 {
            // No RSS kept growing, yet heap dumps of a levelled-off process may show what keeps being retained
            // beneath the plateau: that is then all the growth there is to explain.
            base = correlations.heapWindows.reduce(0.0) { $0 + Double($1.leakedMemsize) / 1024 }
        }
        if base == 0 {
            // Likewise heap profiles of a process whose RSS levelled off or fell (an allocator still giving back a
            // big transient's pages): the growth they profiled is what there is to explain.
            base = correlations.profileWindows.filter { !$0.window.isSpike && !segments[$0.window.segment].isGrowing }
                .reduce(0.0) { $0 + max(0, $1.report.totalBytes) / 1024 }
        }
        if base == 0 {
            // An Erlang node whose total levelled off may hold a process that grew all along beneath it (a bigger
            // transient keeps the total level): what such processes kept, each at least a growing segment's floor
            // (`minGrowthKB`), is the growth to explain.
            base = correlations.processWindows.filter { !$0.window.isSpike && !segments[$0.window.segment].isGrowing }
                .reduce(0.0) { total, r in
                    total
                        + zip(r.processKeptKB, r.processLevelled).reduce(0.0) {
                            $0 + ($1.1 || $1.0 < t.minGrowthKB ? 0 : $1.0)
                        }
                }
        }
        // A registered process killed at the top of each climb gives its growth back at every kill: what its lives
        // climbed is the growth there is to explain when no series kept any.
        let lives = try Self.registeredLives(db)
        if base == 0 { base = Self.killedLivesGrowthKB(lives, t) }
        guard base > 0 else { return VerdictReconciler.Outcome(suspects: [], ruledOut: []) }
        var drafts: [SuspectDraft] = []
        var ruledOut: [RuledOutDraft] = []
        var explainedBySegment: [Int: Double] = [:]
        drafts += endpointSuspects(base: base, explained: &explainedBySegment, ruledOut: &ruledOut)
        drafts += try overlapSuspects(.jobs, base: base, explained: &explainedBySegment, ruledOut: &ruledOut)
        drafts += try overlapSuspects(.requests, base: base, explained: &explainedBySegment, ruledOut: &ruledOut)
        // Counted per interval only where timing named no endpoint or job class already.
        let named = Set(drafts.map { "\($0.kind.rawValue) \($0.name)" })
        for work in [IntervalWork.requests, .jobs] {
            drafts += try intervalCountSuspects(work, base: base, explained: &explainedBySegment).filter {
                !named.contains("\($0.kind.rawValue) \($0.name)")
            }
        }
        let namedNow = Set(drafts.map { "\($0.kind.rawValue) \($0.name)" })
        drafts += try lifeCountSuspects(base: base, explained: &explainedBySegment).filter {
            !namedNow.contains("\($0.kind.rawValue) \($0.name)")
        }
        let servedAlone = try servedAloneSuspects(base: base, explained: &explainedBySegment)
        drafts += servedAlone
        drafts += try processSuspects(base: base, servedAlone: servedAlone)
        drafts += try gcSuspects(base: base)
        drafts += try heapSuspects(base: base, explained: &explainedBySegment)
        drafts += try profileSuspects(base: base, explained: &explainedBySegment)
        drafts += try processQueueSuspects(base: base, explained: &explainedBySegment)
        drafts += try killedLivesSuspects(lives, base: base, named: Set(drafts.map(\.name)))
        drafts += unexplainedSuspects(base: base, explained: explainedBySegment)
        return try VerdictReconciler(db: db, segments: segments, correlations: correlations, thresholds: t, base: base)
            .reconcile(drafts, ruledOut: ruledOut)
    }

    // MARK: Helpers

    func score(_ kb: Double, _ base: Double, _ weight: Double) -> Double {
        round2(100 * min(1, max(0, kb) / base) * weight)
    }

    /// First and last sample of the given segments, with their trend.
    func trendEvidence(_ indices: [Int]) -> [EvidenceDraft] {
        indices.flatMap { si -> [EvidenceDraft] in
            let a = segments[si]
            guard let first = a.segment.samples.first, let last = a.segment.samples.last else { return [] }
            let who = a.series.label
            return [
                EvidenceDraft(
                    label: "\(who): \(a.trend.kind.rawValue) starts", artifactID: first.artifactID, line: first.line,
                    lineEnd: nil, ms: first.ms, value: formatMB(first.rssKB)),
                EvidenceDraft(
                    label: "\(who): \(a.trend.kind.rawValue) ends", artifactID: last.artifactID, line: last.line,
                    lineEnd: nil, ms: last.ms,
                    value: "\(formatMB(last.rssKB)), kept \(formatMB(a.trend.retainedKB))"),
            ]
        }
    }
}
