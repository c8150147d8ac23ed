/// Finds spikes in one segment in a single pass.
///
/// A spike opens when RSS stands `spikeMinRiseKB` and `spikeMinRisePercent` above the lowest value of the
/// previous `spikeWindowSeconds` (a monotonic queue keeps that minimum), or when it crosses the limit; it starts at
/// the last sample still within 10% of the rise above that minimum. Its peak
/// follows RSS up; once no new peak came for a window, the rise is over. It ends (recovered) at the first sample
/// that gives back `recoverShare` of the rise; if another spike starts first, or the segment ends, it is
/// "not recovered". Windows never reach across a sampling gap.
enum SpikeDetector {
    static func spikes(in segment: Segment, thresholds t: AnalysisThresholds) -> [SpikeResult] {
        let samples = segment.samples
        guard samples.count >= 2 else { return [] }
        let limit = segment.limitKB(fallback: t.limitKB)
        let windowMS = Int64(t.spikeWindowSeconds * 1000)
        var queue: [Int] = []  // indices with increasing rss, all within the window
        var head = 0
        var out: [SpikeResult] = []
        var open: SpikeResult?
        var rising = false
        var floorIndex = -1  // a new spike may not start at or before this index (the previous peak)

        func closeOpen(end: MemorySample?) {
            guard var spike = open else { return }
            spike.end = end
            out.append(spike)
            open = nil
            rising = false
        }

        for i in samples.indices {
            let s = samples[i]
            if segment.gapStarts.contains(i) {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            while queue.count > head, let last = queue.last, samples[last].rssKB >= s.rssKB { queue.removeLast() }
            if head > queue.count { head = queue.count }
            queue.append(i)
            while head < queue.count, s.ms - samples[queue[head]].ms > windowMS || queue[head] <= floorIndex {
                head += 1
            }
            let low = samples[queue[head]]

            if var spike = open {
                if rising, s.rssKB > spike.peak.rssKB {
                    spike.peak = s
                    floorIndex = i
                }
                if let limit, s.rssKB >= limit, !spike.crossedLimit { spike.crossedLimit = true }
                open = spike
                if s.rssKB <= spike.start.rssKB + (1 - t.recoverShare) * spike.riseKB {
                    closeOpen(end: s)
                    continue
                }
                if rising, s.ms - spike.peak.ms > windowMS || segment.gapStarts.contains(i) { rising = false }
                if rising { continue }
            }
            let rise = s.rssKB - low.rssKB
            let fast = rise >= t.spikeMinRiseKB && low.rssKB > 0 && rise / low.rssKB * 100 >= t.spikeMinRisePercent
            let crossing = limit.map { s.rssKB >= $0 && i > 0 && samples[i - 1].rssKB < $0 } ?? false
            if fast || crossing, open == nil || !rising {
                closeOpen(end: nil)
                // The rise starts at the last sample still near the window's low (within 10% of the rise), not at
                // the low itself, which may lie minutes before.
                var startIndex = queue[head]
                var k = i - 1
                while k > queue[head] {
                    if samples[k].rssKB <= low.rssKB + 0.1 * rise {
                        startIndex = k
                        break
                    }
                    k -= 1
                }
                open = SpikeResult(
                    trigger: fast ? "rise" : "limit", start: samples[startIndex], peak: s, end: nil,
                    crossedLimit: limit.map { s.rssKB >= $0 } ?? false, limitKB: limit)
                rising = true
                floorIndex = i
            }
        }
        closeOpen(end: nil)
        return out
    }
}
