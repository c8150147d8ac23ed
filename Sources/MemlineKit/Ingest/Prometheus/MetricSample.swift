/// One sample of a numeric series (a Prometheus sample, an `erlang:memory()` category).
public struct MetricSample: Sendable, Equatable {
    public var line: Int
    public var ts: Timestamp
    public var host: String?
    public var name: String
    /// Every label but `__name__`, sorted by name.
    public var labels: [(name: String, value: String)]
    /// nil for NaN.
    public var value: Double?

    public init(
        line: Int, ts: Timestamp, host: String? = nil, name: String, labels: [(name: String, value: String)] = [],
        value: Double?
    ) {
        self.line = line
        self.ts = ts
        self.host = host
        self.name = name
        self.labels = labels.sorted { $0.name < $1.name }
        self.value = value
    }

    public static func == (lhs: MetricSample, rhs: MetricSample) -> Bool {
        lhs.line == rhs.line && lhs.ts == rhs.ts && lhs.host == rhs.host && lhs.name == rhs.name
            && lhs.labels.map(\.name) == rhs.labels.map(\.name) && lhs.labels.map(\.value) == rhs.labels.map(\.value)
            && lhs.value == rhs.value
    }

    /// The value of label `name`.
    public func label(_ name: String) -> String? { labels.first { $0.name == name }?.value }

    /// The labels as a JSON object text, keys sorted: `{"instance":"127.0.0.1:19090","job":"prometheus"}`.
    public var labelsJSON: String {
        "{"
            + labels.map { QueryResult.jsonString($0.name) + ":" + QueryResult.jsonString($0.value) }
            .joined(separator: ",") + "}"
    }
}
