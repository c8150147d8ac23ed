import GRDB

/// An endpoint's RSS growth summed over the requests measured by per-request RSS lines.
public struct EndpointGrowth: Sendable, Equatable, FetchableRecord, Decodable {
    public var endpoint: String
    public var requests: Int
    public var totalDeltaKB: Double
    public var meanDeltaKB: Double
    public var maxDeltaKB: Double
    public var retainedKB: Double
    public var givenBackKB: Double

    enum CodingKeys: String, CodingKey {
        case endpoint, requests
        case totalDeltaKB = "total_delta_kb"
        case meanDeltaKB = "mean_delta_kb"
        case maxDeltaKB = "max_delta_kb"
        case retainedKB = "retained_kb"
        case givenBackKB = "given_back_kb"
    }
}

extension MemlineDatabase {
    /// Per endpoint over every analysed segment: requests, logged growth, and how much of it stayed.
    /// Reads the analysis's `endpoint_growth` (a few rows per segment), never the per-request rows.
    public static let endpointRSSGrowthSQL = """
        SELECT endpoint, sum(requests) AS requests, sum(total_delta_kb) AS total_delta_kb,
               round(sum(total_delta_kb) * 1.0 / sum(requests), 1) AS mean_delta_kb, max(max_delta_kb) AS max_delta_kb,
               sum(retained_kb) AS retained_kb, sum(given_back_kb) AS given_back_kb
        FROM endpoint_growth GROUP BY endpoint ORDER BY retained_kb DESC, total_delta_kb DESC, endpoint LIMIT ?
        """

    /// The SQL for the single requests that grew RSS most (a full scan: run it by hand).
    public static let worstRequestsSQL = """
        SELECT m.ts, m.pid, m.url, m.endpoint, m.delta_kb, m.rss_kb, a.name AS file, m.line
        FROM request_memory m JOIN artifacts a ON a.id = m.artifact_id
        ORDER BY m.delta_kb DESC LIMIT 20;
        """

    /// Endpoints ranked by the RSS their requests kept (the classic `grep | awk | sort -rn` over per-request RSS lines, with what was given back).
    public func endpointRSSGrowth(limit: Int = 10) throws -> [EndpointGrowth] {
        try read { db in try EndpointGrowth.fetchAll(db, sql: Self.endpointRSSGrowthSQL, arguments: [limit]) }
    }
}
