/// A format of framed records rather than lines (Prometheus's delimited protobuf exposition).
///
/// Ingest sniffs the first bytes of a file for these before it reads lines, since a binary file has no lines
/// to detect a format by. A row's `line` is its record's position in the file.
public struct BinaryFormat: Sendable {
    public let name: String
    public let summary: String
    public let example: String
    /// Whether the first bytes of a file (up to 64 KiB) are this format.
    public let sniff: @Sendable (ArraySlice<UInt8>) -> Bool
    /// Reads the whole stream into the sink; returns how many records it held (the artifact's `lines`).
    public let read: @Sendable (ParseContext, any ByteSource, any RowSink) throws -> Int

    public init(
        name: String, summary: String, example: String, sniff: @escaping @Sendable (ArraySlice<UInt8>) -> Bool,
        read: @escaping @Sendable (ParseContext, any ByteSource, any RowSink) throws -> Int
    ) {
        self.name = name
        self.summary = summary
        self.example = example
        self.sniff = sniff
        self.read = read
    }
}

extension BinaryFormat {
    /// `application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited`.
    public static let prometheusProtobuf = BinaryFormat(
        name: "prometheus-protobuf",
        summary: "Prometheus protobuf exposition (delimited MetricFamily messages, as scraped with the protobuf "
            + "Accept header): like prometheus-text; a row's line is its family's position in the file",
        example: "(binary) <varint length> MetricFamily { name: \"process_resident_memory_bytes\", type: GAUGE, … }",
        sniff: { PrometheusProtobufParser.looksLikeDelimited($0) },
        read: { context, source, sink in try PrometheusProtobufParser(context: context).parse(source, into: sink) }
    )
}
