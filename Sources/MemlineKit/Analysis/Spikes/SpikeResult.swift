/// A window where one segment's memory rose fast or crossed its limit.
struct SpikeResult: Sendable {
    var trigger: String
    var start: MemorySample
    var peak: MemorySample
    /// The first sample after the peak that gave back `recoverShare` of the rise; nil: not recovered.
    var end: MemorySample?
    var crossedLimit: Bool
    var limitKB: Double?

    var riseKB: Double { peak.rssKB - start.rssKB }
    var risePercent: Double { start.rssKB > 0 ? riseKB / start.rssKB * 100 : 0 }
    var rateMBPerMinute: Double {
        let minutes = Double(peak.ms - start.ms) / 60_000
        return minutes > 0 ? riseKB / 1024 / minutes : riseKB / 1024
    }
}
