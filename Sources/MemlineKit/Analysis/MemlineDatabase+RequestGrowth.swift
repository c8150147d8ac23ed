import GRDB

/// An endpoint's RSS growth summed over the requests measured by per-request RSS lines.
public struct EndpointGrowth: Sendable, Equatable, FetchableRecord, Decodable {
    public var endpoint: String
    public var requests: Int
    public var totalDeltaKB: Double
    public var meanDeltaKB: Double
    public var maxDeltaKB: Double
    public var growingRequests: Int

    enum CodingKeys: String, CodingKey {
        case endpoint, requests
        case totalDeltaKB = "total_delta_kb", meanDeltaKB = "mean_delta_kb", maxDeltaKB = "max_delta_kb"
        case growingRequests = "growing_requests"
    }
}

/// One request's logged RSS growth, with its source line.
public struct RequestGrowth: Sendable, Equatable, FetchableRecord, Decodable {
    public var ts: String
    public var pid: Int?
    public var url: String
    public var endpoint: String
    public var deltaKB: Double
    public var rssKB: Double
    public var file: String
    public var line: Int

    enum CodingKeys: String, CodingKey {
        case ts, pid, url, endpoint, file, line
        case deltaKB = "delta_kb", rssKB = "rss_kb"
    }
}

extension MemlineDatabase {
    public static let endpointGrowthSQL = """
        SELECT endpoint, requests, total_delta_kb, mean_delta_kb, max_delta_kb, growing_requests
        FROM v_endpoint_rss_growth LIMIT ?
        """

    public static let worstRequestsSQL = """
        SELECT m.ts, m.pid, m.url, m.endpoint, m.delta_kb, m.rss_kb, a.name AS file, m.line
        FROM request_memory m JOIN artifacts a ON a.id = m.artifact_id
        WHERE m.ts >= ? AND m.ts <= ?
        ORDER BY m.delta_kb DESC, m.ts, m.id LIMIT ?
        """

    /// Endpoints ranked by total RSS growth per request (seed 000's `grep | awk | sort -rn`).
    public func endpointRSSGrowth(limit: Int = 10) throws -> [EndpointGrowth] {
        try read { db in try EndpointGrowth.fetchAll(db, sql: Self.endpointGrowthSQL, arguments: [limit]) }
    }

    /// The single requests that grew RSS most.
    public func worstRequests(in window: ReportWindow = ReportWindow(), limit: Int = 10) throws -> [RequestGrowth] {
        try read { db in
            try RequestGrowth.fetchAll(db, sql: Self.worstRequestsSQL, arguments: [window.lower, window.upper, limit])
        }
    }
}
