import GRDB

/// Finds the artifacts whose clocks disagree: by request ids shared between artifacts, and by lining up two
/// recordings of one process's RSS. Part of `memline analyze`; writes `clock_skews`.
enum ClockSkewDetector {
    /// The skews above the threshold, and a sentence of what was checked (for `analysis_runs.clock_skew`).
    /// - Parameters:
    ///   - series: the memory series as the analysis loaded them (a series may hold samples of several artifacts).
    ///   - logArtifacts: artifacts holding per-request RSS (the reference side of an RSS alignment).
    static func detect(
        _ db: Database, series: [MemorySeries], logArtifacts: Set<Int64>, thresholds t: AnalysisThresholds
    ) throws -> (skews: [ClockSkew], note: String) {
        let minMS = t.clockSkewMinSeconds * 1000
        let byID = try RequestIDSkew.measure(db, thresholds: t)
        let artifacts = try ArtifactClock.all(db)
        let aligned = alignments(series, logArtifacts: logArtifacts, artifacts: artifacts, thresholds: t)
        let skews = (byID.skews + aligned.skews).filter { Double(abs($0.offsetMS)) >= minMS }
        let note =
            "checked: \(byID.note); RSS alignment: \(aligned.compared) process(es) recorded by two artifacts; "
            + (skews.isEmpty
                ? "no offset of \(formatDuration(t.clockSkewMinSeconds)) or more"
                : "\(skews.count) skew(s) of \(formatDuration(t.clockSkewMinSeconds)) or more (see clock_skews)")
            + "; whole-second sample times (pidstat) are read as [t, t + 1 s) when compared with log times"
        return (skews, note)
    }

    /// One RSS alignment per pair of artifacts that recorded the same processes (the median of the processes'
    /// best shifts), counting the processes compared.
    static func alignments(
        _ series: [MemorySeries], logArtifacts: Set<Int64>, artifacts: [Int64: ArtifactClock],
        thresholds t: AnalysisThresholds
    ) -> (skews: [ClockSkew], compared: Int) {
        var fits: [ArtifactPair: [ProcessFit]] = [:]
        var compared = 0
        for s in series {
            guard let (pair, fit) = bestShift(s, logArtifacts: logArtifacts, thresholds: t) else { continue }
            compared += 1
            fits[pair, default: []].append(ProcessFit(label: s.label, pid: s.pid, fit: fit))
        }
        let skews = fits.sorted(by: { ($0.key.reference, $0.key.other) < ($1.key.reference, $1.key.other) })
            .compactMap { alignment($0.key, fits: $0.value, artifacts: artifacts, thresholds: t) }
        return (skews, compared)
    }

    /// One process's best shift between the two artifacts that recorded most of its samples (a log of
    /// per-request RSS is the reference), when their recordings overlap in time.
    private static func bestShift(
        _ s: MemorySeries, logArtifacts: Set<Int64>, thresholds t: AnalysisThresholds
    ) -> (ArtifactPair, RSSAlignment.Fit)? {
        let windowMS = Int64(t.clockAlignWindowSeconds * 1000)
        // Most series come from one artifact: nothing to compare, nothing to copy.
        guard let firstArtifact = s.samples.first?.artifactID,
            s.samples.contains(where: { $0.artifactID != firstArtifact })
        else { return nil }
        let groups = Dictionary(grouping: s.samples, by: \.artifactID)
        guard groups.count >= 2 else { return nil }
        // The two artifacts with the most samples of this process.
        let top = groups.sorted { ($0.value.count, -$0.key) > ($1.value.count, -$1.key) }.prefix(2).map(\.key)
        let (a, b) = (top[0], top[1])
        let aLog = logArtifacts.contains(a)
        let bLog = logArtifacts.contains(b)
        let (reference, other) = aLog != bLog ? (aLog ? (a, b) : (b, a)) : (min(a, b), max(a, b))
        guard let ref = groups[reference], let oth = groups[other],
            let refFirst = ref.first?.ms, let refLast = ref.last?.ms,
            let othFirst = oth.first?.ms, let othLast = oth.last?.ms,
            othFirst <= refLast + windowMS, othLast >= refFirst - windowMS,
            let fit = RSSAlignment.fit(
                reference: ref, other: oth, windowMS: windowMS, minSamples: t.clockAlignMinSamples)
        else { return nil }
        return (ArtifactPair(reference: reference, other: other), fit)
    }

    /// The skew of one pair of artifacts from its processes' best shifts, when those that tell agree on one.
    private static func alignment(
        _ pair: ArtifactPair, fits list: [ProcessFit], artifacts: [Int64: ArtifactClock],
        thresholds t: AnalysisThresholds
    ) -> ClockSkew? {
        // Only processes whose best shift lines the recordings up far better than no shift say anything.
        // A true skew makes the recordings overlap more at the best shift, never less; and the RSS they
        // disagree by unshifted must be memory, not noise.
        let telling = list.filter {
            $0.fit.costKB <= t.clockAlignMaxCostShare * $0.fit.unshiftedCostKB
                && $0.fit.costKB <= t.clockAlignMaxCostShare * $0.fit.typicalCostKB
                && $0.fit.unshiftedCostKB - $0.fit.costKB >= t.clockAlignMinGainKB
                && Double($0.fit.compared) >= 0.9 * Double($0.fit.unshiftedCompared)
        }
        guard !telling.isEmpty else { return nil }
        var shifts = telling.map { Double($0.fit.shiftMS) }
        let offset = (TrendStatistics.medianSelect(&shifts) ?? 0).rounded()
        let range = (shifts.max() ?? offset) - (shifts.min() ?? offset)
        var widths = telling.map(\.fit.spreadMS)
        let width = TrendStatistics.medianSelect(&widths) ?? 0
        let spread = max(range, width)
        // Shifts as good as this one reach back to no shift: the recordings cannot tell the clocks apart.
        guard spread < abs(offset) else { return nil }
        let sharp = telling.allSatisfy {
            $0.fit.costKB <= t.clockAlignMaxCostShare / 2 * $0.fit.unshiftedCostKB
        }
        let tolerance = max(1000, t.clockSkewMaxSpreadShare * abs(offset))
        let confident = sharp && (telling.count >= 2 ? range <= tolerance : width <= tolerance)
        let samples = telling.reduce(0) { $0 + $1.fit.compared }
        let subject = telling.count == 1 ? telling[0].label : "\(telling.count) processes"
        var reason = alignmentReason(
            pair, subject: subject, telling: telling, offset: offset, range: range, samples: samples,
            artifacts: artifacts)
        if telling.count < list.count {
            reason += "; \(list.count - telling.count) other process(es) too flat to tell"
        }
        if !confident {
            reason += sharp ? "; hedged: the processes disagree" : "; hedged: the fit is not sharp"
        }
        return ClockSkew(
            referenceArtifactID: pair.reference, skewedArtifactID: pair.other, method: .rssAlignment,
            subject: subject, offsetMS: Int64(offset), spreadMS: spread, pairs: samples,
            confident: confident, priorOffsetMS: artifacts[pair.other]?.offsetMS ?? 0, reason: reason,
            sql: evidenceSQL(reference: pair.reference, other: pair.other, pids: telling.compactMap(\.pid)))
    }

    /// The alignment in words: the shift, how far the processes' shifts spread, and the RSS difference it
    /// leaves against no shift.
    private static func alignmentReason(
        _ pair: ArtifactPair, subject: String, telling: [ProcessFit], offset: Double, range: Double, samples: Int,
        artifacts: [Int64: ArtifactClock]
    ) -> String {
        var costs = telling.map(\.fit.costKB)
        var unshifted = telling.map(\.fit.unshiftedCostKB)
        let refName = artifacts[pair.reference]?.name ?? "artifact \(pair.reference)"
        let othName = artifacts[pair.other]?.name ?? "artifact \(pair.other)"
        return "RSS of \(subject) in \(othName) matches \(refName) best shifted by "
            + "\(ClockOffset.format(Int64(offset))) (median of the processes' best shifts, which span "
            + "\(formatDuration(range / 1000))): median difference "
            + "\(formatMB(TrendStatistics.medianSelect(&costs) ?? 0)) against "
            + "\(formatMB(TrendStatistics.medianSelect(&unshifted) ?? 0)) unshifted "
            + "(\(formatCount(samples)) samples)"
    }

    /// One process's best shift between two artifacts.
    private struct ProcessFit {
        var label: String
        var pid: Int?
        var fit: RSSAlignment.Fit
    }

    private struct ArtifactPair: Hashable {
        var reference: Int64
        var other: Int64
    }

    /// Both recordings of the processes side by side in time order.
    static func evidenceSQL(reference: Int64, other: Int64, pids: [Int]) -> String {
        let pid = pids.isEmpty ? "pid IS NULL" : "pid IN (\(pids.map(String.init).joined(separator: ", ")))"
        return """
            SELECT ts, pid, artifact_id, line, round(rss_kb / 1024.0, 1) AS rss_mb FROM rss_samples
            WHERE \(pid) AND artifact_id IN (\(reference), \(other)) ORDER BY pid, ts
            """
    }
}
