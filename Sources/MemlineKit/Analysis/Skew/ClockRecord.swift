import GRDB

/// One row of `memline skew` and of the report's Clocks table: a detected skew or an offset applied to an artifact.
public struct ClockRecord: FetchableRecord, Decodable, Sendable, Equatable {
    /// `detected` (by the last analysis) or `applied` (an offset now in force).
    public var state: String
    /// The artifact whose clock is off (or was moved).
    public var artifact: String
    /// The artifact taken as right (detected rows).
    public var reference: String?
    /// request_id, rss_alignment; for applied offsets how they were chosen (also manual, ingest).
    public var method: String?
    /// The offset to add (detected) or added (applied) to the artifact's times, ms.
    public var offsetMS: Int64
    /// Matched requests or compared samples (detected rows).
    public var pairs: Int?
    /// confident or hedged (detected rows).
    public var confidence: String?
    /// For a detected row: yes once an offset was applied to the artifact since the detection.
    public var applied: String

    enum CodingKeys: String, CodingKey {
        case state, artifact, reference, method, pairs, confidence, applied
        case offsetMS = "offset_ms"
    }
}
