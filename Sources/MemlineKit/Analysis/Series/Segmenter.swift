/// Splits memory series at restarts and marks sampling gaps.
///
/// A new pid is a new series already. A series without a pid (a dyno, a metrics target) starts a new segment
/// when RSS falls to a fresh process's level (at most `restartDropShare` of the previous value and within
/// `freshLevelFactor` of the segment's first value) or at a restart-like event for it. A series that names its
/// process instance (Heroku's `dyno=heroku.APP.UUID`, new at every restart) is never split by an RSS drop: a new
/// instance is a new series, so a drop within one is memory given back (a big job's buffer freed); nor is one whose
/// target reports its start time (`ProcessStarts`): it restarted where that time changed. Gaps are intervals longer
/// than `gapFactor` × the median interval (and `gapMinSeconds`); they are counted and never interpolated.
enum Segmenter {
    static func segments(
        of series: MemorySeries, events: [RestartEvent], starts: ProcessStarts = ProcessStarts(),
        thresholds t: AnalysisThresholds
    ) -> [Segment] {
        let samples = series.samples
        guard !samples.isEmpty else { return [] }
        let gapMS = gapThresholdMS(samples, thresholds: t)
        let relevant = series.pid == nil ? events.filter { $0.concerns(series) } : []
        var eventIndex = 0
        var out: [Segment] = []
        var current = Segment(
            series: series, samples: [samples[0]], startedBy: "first sample", gaps: 0, gapStarts: [])
        while eventIndex < relevant.count, relevant[eventIndex].ms <= samples[0].ms { eventIndex += 1 }
        for i in 1..<samples.count {
            let prev = samples[i - 1]
            let s = samples[i]
            var split: String?
            while eventIndex < relevant.count, relevant[eventIndex].ms <= s.ms {
                let e = relevant[eventIndex]
                if e.ms > prev.ms { split = "\(e.kind) event (\(e.file):\(e.line))" }
                eventIndex += 1
            }
            if split == nil, series.pid == nil, !series.hasInstanceIdentity, !starts.reportsStarts(series),
                let first = current.samples.first,
                s.rssKB <= t.restartDropShare * prev.rssKB, s.rssKB <= t.freshLevelFactor * first.rssKB
            {
                split = "rss drop"
            }
            if let split {
                out.append(current)
                current = Segment(series: series, samples: [s], startedBy: split, gaps: 0, gapStarts: [])
                continue
            }
            if s.ms - prev.ms > gapMS {
                current.gaps += 1
                current.gapStarts.insert(current.samples.count)
            }
            current.samples.append(s)
        }
        out.append(current)
        if series.pid != nil, let first = out.first, first.startedBy == "first sample" {
            out[0].startedBy = "pid \(series.pid ?? 0) first seen"
        }
        return out
    }

    /// The interval above which two consecutive samples are a gap.
    static func gapThresholdMS(_ samples: [MemorySample], thresholds t: AnalysisThresholds) -> Int64 {
        guard samples.count >= 3 else { return Int64(t.gapMinSeconds * 1000) }
        var intervals = TrendStatistics.strided(samples.count - 1, maxPoints: 5000).map {
            Double(samples[$0 + 1].ms - samples[$0].ms)
        }
        let median = TrendStatistics.median(&intervals) ?? 0
        return Int64(max(median * t.gapFactor, t.gapMinSeconds * 1000))
    }
}
