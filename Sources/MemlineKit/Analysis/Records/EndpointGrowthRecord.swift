import GRDB

/// A row of `endpoint_growth`: one endpoint's per-request RSS growth within one segment, kept and given back.
public struct EndpointGrowthRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    public var trendID: Int64
    public var endpoint: String
    public var requests: Int
    public var requestShare: Double
    public var totalDeltaKB: Double
    public var meanDeltaKB: Double
    public var p95DeltaKB: Double
    public var maxDeltaKB: Double
    public var retainedKB: Double
    public var growthShare: Double
    public var enrichment: Double
    public var givenBackKB: Double
    public var retaining: Int
    public var pValue: Double

    enum CodingKeys: String, CodingKey {
        case id, endpoint, requests, enrichment, retaining
        case trendID = "trend_id"
        case requestShare = "request_share"
        case totalDeltaKB = "total_delta_kb"
        case meanDeltaKB = "mean_delta_kb"
        case p95DeltaKB = "p95_delta_kb"
        case maxDeltaKB = "max_delta_kb"
        case retainedKB = "retained_kb"
        case growthShare = "growth_share"
        case givenBackKB = "given_back_kb"
        case pValue = "p_value"
    }
}
