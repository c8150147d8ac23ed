import GRDB

/// A row of `spikes`: a fast rise (or a limit crossing) in one segment.
public struct SpikeRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var trendID: Int64
    public var host: String?
    public var pid: Int?
    public var process: String?
    public var trigger: String
    public var tsStart: String
    public var tsPeak: String
    /// nil when memory did not come back down.
    public var tsEnd: String?
    public var recovered: Bool
    public var rssStartKB: Double
    public var rssPeakKB: Double
    public var rssEndKB: Double?
    public var riseKB: Double
    public var risePct: Double
    public var rateMBPerMin: Double
    public var crossedLimit: Bool
    public var limitKB: Double?
    public var artifactID: Int64?
    public var lineStart: Int?
    public var linePeak: Int?
    public var lineEnd: Int?

    enum CodingKeys: String, CodingKey {
        case id, host, pid, process, trigger, recovered
        case trendID = "trend_id"
        case tsStart = "ts_start"
        case tsPeak = "ts_peak"
        case tsEnd = "ts_end"
        case rssStartKB = "rss_start_kb"
        case rssPeakKB = "rss_peak_kb"
        case rssEndKB = "rss_end_kb"
        case riseKB = "rise_kb"
        case risePct = "rise_pct"
        case rateMBPerMin = "rate_mb_per_min"
        case crossedLimit = "crossed_limit"
        case limitKB = "limit_kb"
        case artifactID = "artifact_id"
        case lineStart = "line_start"
        case linePeak = "line_peak"
        case lineEnd = "line_end"
    }
}
