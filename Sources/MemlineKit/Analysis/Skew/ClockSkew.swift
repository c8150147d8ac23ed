/// Two artifacts whose clocks disagree: add `offsetMS` to the skewed artifact's times to match the reference.
struct ClockSkew: Sendable, Equatable {
    /// How the offset was measured.
    enum Method: String, Sendable {
        /// The same request id in both artifacts: the difference of the requests' end times.
        case requestID = "request_id"
        /// The same process's RSS in both artifacts: the shift that best lines the two series up.
        case rssAlignment = "rss_alignment"
    }

    var referenceArtifactID: Int64
    var skewedArtifactID: Int64
    var method: Method
    /// The process compared (rss_alignment), for sentences.
    var subject: String?
    var offsetMS: Int64
    /// Median absolute deviation of the pairs (request_id), or the width of the near-best shifts (rss_alignment).
    var spreadMS: Double
    /// Matched requests, or samples compared at the best shift.
    var pairs: Int
    var confident: Bool
    /// The skewed artifact's applied offset when this was measured.
    var priorOffsetMS: Int64 = 0
    var reason: String
    var sql: String
}
