/// Counts of one endpoint or job class in a window and in the equal windows before and after it.
struct WindowCount: Sendable {
    var itemKind: String
    var item: String
    var nWindow: Int
    var nBefore: Int
    var nAfter: Int
    var windowSeconds: Double
    /// Seconds of before + after windows that lie inside the data (windows are clipped to it).
    var outsideSeconds: Double
    var rateRatio: Double
    var pValue: Double
}
