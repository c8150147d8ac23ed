/// Names the process that diverges from its siblings (for example the one worker with GC disabled).
///
/// Siblings share a role (host and process name). In roles with at least `minSiblings` classified segments, each
/// segment's retained growth rate (KiB/hour) is compared with the time-weighted median of the role, so a restarted
/// outlier counts for the time it lived, not for how often it was restarted. A growing segment (leak or step)
/// whose rate exceeds `divergenceFactor` × that median diverges, unless it kept no more than a sibling that
/// levelled off (a plateau that held its level at least half as long as this segment rose) kept: a young process
/// (a recycled worker) warming up to where its siblings already are grows fast for a short while, and that is not
/// divergence. Nor is a step seen in a handful of samples (a low-confidence sparse step): a worker killed right
/// after one big request shows a rise it never had the time to give back, and only a series long enough to classify
/// can be said to run differently from its siblings. Nor is a life that ended (a worker recycled or killed) before
/// the recording did with most of its growth in its last third: one big request held when the worker went is not
/// known to have been kept. Nor, last, is one that kept no more than an ordinary life of its role (at least nine
/// tenths as much, by a sibling not fast itself): many short lives make fast rates, and one of them kept what
/// others kept too.
enum SiblingComparison {
    static func apply(_ segments: inout [AnalyzedSegment], thresholds t: AnalysisThresholds) {
        var roles: [String: [Int]] = [:]
        for i in segments.indices where segments[i].trend.kind != .short {
            roles[segments[i].series.role, default: []].append(i)
        }
        let recordingEnd = segments.map(\.segment.endMS).max() ?? 0
        for (_, members) in roles where members.count >= t.minSiblings {
            let median =
                TrendStatistics.weightedMedian(
                    members.map { (segments[$0].kbPerHour, segments[$0].hours) }) ?? 0
            let levelledSeconds = Dictionary(uniqueKeysWithValues: members.map { ($0, segments[$0].levelledSeconds) })
            let fast = Set(
                members.filter {
                    segments[$0].isGrowing && segments[$0].kbPerHour > t.divergenceFactor * max(median, 0)
                })
            for i in members {
                segments[i].siblingKBPerHour = median.rounded()
                // A sibling shows where the role levels off only if it held that level for a while: half as long
                // as this segment rose. Lives a deploy cut short can look level between two loads.
                let levelled = members.filter {
                    $0 != i && segments[$0].trend.kind == .plateau
                        && levelledSeconds[$0, default: 0] >= segments[i].segment.durationSeconds / 2
                }
                segments[i].siblingPlateauKB = levelled.map { segments[$0].trend.retainedKB }.max()
                // Fast, but no more than another life of the role kept that was not fast itself: short lives make
                // fast rates, and the one running differently keeps what no ordinary sibling does (its own earlier
                // lives, as fast, do not count).
                let matched = members.contains {
                    $0 != i && !fast.contains($0)
                        && segments[$0].trend.retainedKB >= 0.9 * segments[i].trend.retainedKB
                }
                if segments[i].isGrowing, !matched, segments[i].kbPerHour > t.divergenceFactor * max(median, 0),
                    segments[i].trend.retainedKB >= t.minGrowthKB, !segments[i].warmsUpToSiblings,
                    segments[i].trend.confidence != "low",
                    !segments[i].endedHoldingItsRise(recordingEndMS: recordingEnd, t)
                {
                    segments[i].divergent = true
                }
            }
        }
    }
}
