import Testing

@testable import MemlineKit

/// A young worker rising to where its siblings stand is warming up only when they stood there for a while.
struct SiblingComparisonTests {
    /// A segment of one sample every 3 s with these MB values, classified as `kind`.
    private func segment(pid: Int, _ mb: [Double], _ kind: TrendKind) -> AnalyzedSegment {
        let samples = mb.enumerated().map { i, v in
            MemorySample(ms: Int64(i) * 3000, rssKB: v * 1024, limitKB: nil, artifactID: 1, line: i + 1)
        }
        let series = MemorySeries(source: "rss_samples", host: "vm", pid: pid, process: "puma", samples: samples)
        let trend = TrendResult(
            kind: kind, confidence: "high", slopeMBPerHour: nil, r2: nil, mkZ: nil, mkP: nil,
            retainedKB: ((mb.last ?? 0) - (mb.first ?? 0)) * 1024, tailShare: nil, drops: 0, steps: 0,
            steadyRSSKB: nil, limitKB: nil, hoursToLimit: nil, limitAtMS: nil, reason: "")
        return AnalyzedSegment(
            segment: Segment(series: series, samples: samples, startedBy: "first sample", gaps: 0, gapStarts: []),
            trend: trend, spikes: [])
    }

    private let rising: [Double] = [22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42]

    @Test func levelledSecondsCountFromWhereTheFloorReachedItsLevel() {
        // 20 → 40 MB in 12 s, then 30 s at 40 MB
        let s = segment(pid: 1, [20, 25, 30, 35, 40] + Array(repeating: 40, count: 10), .plateau)
        #expect(s.levelledSeconds == 30)
    }

    @Test func aWorkerRisingToWhereLongLevelledSiblingsStandWarmsUp() {
        // Given two siblings that rose early and held 40 MB for a minute, and a young worker rising to 42 MB
        let held = [20, 40] + Array(repeating: 40.0, count: 20)
        var segments = [
            segment(pid: 1, held, .plateau), segment(pid: 2, held, .plateau), segment(pid: 3, rising, .leak),
        ]
        SiblingComparison.apply(&segments, thresholds: AnalysisThresholds())
        // Then it warms up to them
        #expect(segments[2].warmsUpToSiblings)
    }

    @Test func siblingsThatBarelyHeldTheirLevelDoNotMakeAWarmUp() {
        // Given siblings that rose as long and held their level for only 6 s (a deploy cut their lives short)
        let brief = [22, 24, 26, 28, 30, 32, 34, 36, 40, 40, 40.0]
        var segments = [
            segment(pid: 1, brief, .plateau), segment(pid: 2, brief, .plateau), segment(pid: 3, rising, .leak),
        ]
        SiblingComparison.apply(&segments, thresholds: AnalysisThresholds())
        // Then the growing worker's rise is its own
        #expect(!segments[2].warmsUpToSiblings)
    }
}
