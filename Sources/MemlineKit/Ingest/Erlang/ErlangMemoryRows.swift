/// The rows `erlang:memory()` becomes, whichever way it was printed: one `erlang_memory_bytes{type=…}` metric
/// sample per category, and `total` also as the RSS of `erlang:total`.
enum ErlangMemoryRows {
    static func emit(
        _ categories: [(name: String, bytes: Double)], line: Int, ts: Timestamp, host: String?,
        into sink: any RowSink
    ) throws {
        for (name, bytes) in categories {
            try sink.emit(
                .metricSample(
                    MetricSample(
                        line: line, ts: ts, host: host, name: "erlang_memory_bytes", labels: [("type", name)],
                        value: bytes)))
            if name == "total" {
                try sink.emit(
                    .rssSample(RSSSample(line: line, ts: ts, host: host, process: "erlang:total", rssKB: bytes / 1024)))
            }
        }
    }
}
