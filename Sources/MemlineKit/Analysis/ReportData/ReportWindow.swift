/// The part of the incident a report covers (`--from`, `--to`); nil ends are open.
public struct ReportWindow: Sendable, Equatable {
    public var from: Timestamp?
    public var to: Timestamp?

    public init(from: Timestamp? = nil, to: Timestamp? = nil) {
        self.from = from
        self.to = to
    }

    /// SQL bounds for a text time column: `('', 'z')` when open, so one statement serves all cases.
    var lower: String { from?.iso8601 ?? "" }
    var upper: String { to?.iso8601 ?? "z" }

    /// SQL bounds for a milliseconds column (`rss_rows.ts_ms`): the whole range SQLite's integers hold when open.
    var lowerMS: Int64 { from?.milliseconds ?? .min }
    var upperMS: Int64 { to?.milliseconds ?? .max }
}
