import GRDB

/// A row of `window_counts`: one endpoint or job class in a spike's (or segment's) window against the windows
/// around it.
public struct WindowCountRecord: Decodable, FetchableRecord, Sendable, Equatable {
    public var id: Int64
    /// `spike` or `trend`.
    public var subject: String
    public var subjectID: Int64
    /// `endpoint` or `job_class`.
    public var itemKind: String
    public var item: String
    public var nWindow: Int
    public var nBefore: Int
    public var nAfter: Int
    public var windowSeconds: Double
    public var rateRatio: Double
    public var pValue: Double

    enum CodingKeys: String, CodingKey {
        case id, subject, item
        case subjectID = "subject_id"
        case itemKind = "item_kind"
        case nWindow = "n_window"
        case nBefore = "n_before"
        case nAfter = "n_after"
        case windowSeconds = "window_s"
        case rateRatio = "rate_ratio"
        case pValue = "p_value"
    }
}
