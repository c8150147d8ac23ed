import GRDB

/// A row of `trends`: one segment of a memory series and its trend.
public struct TrendRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var source: String
    public var host: String?
    public var pid: Int?
    public var process: String?
    public var role: String
    public var tsStart: String
    public var tsEnd: String
    public var samples: Int
    public var gaps: Int
    public var startedBy: String
    public var rssFirstKB: Double
    public var rssMinKB: Double
    public var rssMaxKB: Double
    public var rssLastKB: Double
    public var kind: String
    public var confidence: String
    public var slopeMBPerHour: Double?
    public var r2: Double?
    public var mkZ: Double?
    public var mkP: Double?
    public var retainedKB: Double
    public var tailShare: Double?
    public var drops: Int
    public var steps: Int
    public var steadyRSSKB: Double?
    public var limitKB: Double?
    public var hoursToLimit: Double?
    public var limitAt: String?
    public var siblingKBPerHour: Double?
    public var divergent: Bool
    public var artifactID: Int64?
    public var lineFirst: Int?
    public var lineLast: Int?
    public var reason: String

    /// The kind as an enum (nil for a value written by a newer memline).
    public var trendKind: TrendKind? { TrendKind(rawValue: kind) }

    enum CodingKeys: String, CodingKey {
        case id, source, host, pid, process, role, samples, gaps, kind, confidence, r2, drops, steps, divergent, reason
        case tsStart = "ts_start"
        case tsEnd = "ts_end"
        case startedBy = "started_by"
        case rssFirstKB = "rss_first_kb"
        case rssMinKB = "rss_min_kb"
        case rssMaxKB = "rss_max_kb"
        case rssLastKB = "rss_last_kb"
        case slopeMBPerHour = "slope_mb_per_hour"
        case mkZ = "mk_z"
        case mkP = "mk_p"
        case retainedKB = "retained_kb"
        case tailShare = "tail_share"
        case steadyRSSKB = "steady_rss_kb"
        case limitKB = "limit_kb"
        case hoursToLimit = "hours_to_limit"
        case limitAt = "limit_at"
        case siblingKBPerHour = "sibling_kb_per_hour"
        case artifactID = "artifact_id"
        case lineFirst = "line_first"
        case lineLast = "line_last"
    }
}
