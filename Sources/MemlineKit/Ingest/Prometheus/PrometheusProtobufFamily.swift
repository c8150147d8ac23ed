/// One `io.prometheus.client.MetricFamily` message, decoded into the samples its text exposition would show.
///
/// Fields read (metrics.proto): family name 1, type 3, metric 4; metric label 1, gauge 2, counter 3, summary 4,
/// untyped 5, timestamp_ms 6, histogram 7. A summary gives `name{quantile=…}`, `name_sum` and `name_count`; a
/// histogram gives `name_bucket{le=…}` (cumulative, with `+Inf` = the count), `name_sum` and `name_count`, as
/// the text format prints them. Native-histogram spans and exemplars are skipped.
struct PrometheusProtobufFamily {
    var name = ""
    /// Each sample with its timestamp in ms when the metric carried one.
    var samples: [(name: String, labels: [(name: String, value: String)], value: Double, timestampMS: Int64?)] = []

    init(_ bytes: ArraySlice<UInt8>) throws {
        var reader = ProtobufReader(bytes)
        var metrics: [ArraySlice<UInt8>] = []
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 2): name = try reader.string()
            case (4, 2): metrics.append(try reader.lengthDelimited())
            default: try reader.skip(wireType: field.wireType)
            }
        }
        for metric in metrics { try read(metric: metric) }
    }

    private mutating func read(metric bytes: ArraySlice<UInt8>) throws {
        var reader = ProtobufReader(bytes)
        var labels: [(name: String, value: String)] = []
        var values: [(suffix: String, extra: (String, String)?, value: Double)] = []
        var timestamp: Int64?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 2):
                var pair = ProtobufReader(try reader.lengthDelimited())
                var key = ""
                var value = ""
                while let f = try pair.nextField() {
                    switch (f.number, f.wireType) {
                    case (1, 2): key = try pair.string()
                    case (2, 2): value = try pair.string()
                    default: try pair.skip(wireType: f.wireType)
                    }
                }
                labels.append((key, value))
            case (2, 2), (3, 2), (5, 2):
                if let v = try Self.firstDouble(in: try reader.lengthDelimited()) { values.append(("", nil, v)) }
            case (4, 2): values += try Self.summary(try reader.lengthDelimited())
            case (7, 2): values += try Self.histogram(try reader.lengthDelimited())
            case (6, 0): timestamp = Int64(bitPattern: try reader.varint())
            default: try reader.skip(wireType: field.wireType)
            }
        }
        for v in values {
            samples.append((name + v.suffix, labels + (v.extra.map { [$0] } ?? []), v.value, timestamp))
        }
    }

    /// Field 1 as a double: the value of a gauge, counter or untyped message.
    private static func firstDouble(in bytes: ArraySlice<UInt8>) throws -> Double? {
        var reader = ProtobufReader(bytes)
        var value: Double?
        while let field = try reader.nextField() {
            if field.number == 1, field.wireType == 1 {
                value = try reader.double()
            } else {
                try reader.skip(wireType: field.wireType)
            }
        }
        return value
    }

    private static func summary(_ bytes: ArraySlice<UInt8>) throws -> [(String, (String, String)?, Double)] {
        var reader = ProtobufReader(bytes)
        var out: [(String, (String, String)?, Double)] = []
        var count: Double?
        var sum: Double?
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 0): count = Double(try reader.varint())
            case (2, 1): sum = try reader.double()
            case (3, 2):
                var q = ProtobufReader(try reader.lengthDelimited())
                var quantile = 0.0
                var value = 0.0
                while let f = try q.nextField() {
                    switch (f.number, f.wireType) {
                    case (1, 1): quantile = try q.double()
                    case (2, 1): value = try q.double()
                    default: try q.skip(wireType: f.wireType)
                    }
                }
                out.append(("", ("quantile", Self.text(quantile)), value))
            default: try reader.skip(wireType: field.wireType)
            }
        }
        if let sum { out.append(("_sum", nil, sum)) }
        if let count { out.append(("_count", nil, count)) }
        return out
    }

    private static func histogram(_ bytes: ArraySlice<UInt8>) throws -> [(String, (String, String)?, Double)] {
        var reader = ProtobufReader(bytes)
        var out: [(String, (String, String)?, Double)] = []
        var count: Double?
        var sum: Double?
        var sawInfinity = false
        while let field = try reader.nextField() {
            switch (field.number, field.wireType) {
            case (1, 0): count = Double(try reader.varint())
            case (4, 1): count = try reader.double()
            case (2, 1): sum = try reader.double()
            case (3, 2):
                var b = ProtobufReader(try reader.lengthDelimited())
                var cumulative = 0.0
                var bound = Double.infinity
                while let f = try b.nextField() {
                    switch (f.number, f.wireType) {
                    case (1, 0): cumulative = Double(try b.varint())
                    case (4, 1): cumulative = try b.double()
                    case (2, 1): bound = try b.double()
                    default: try b.skip(wireType: f.wireType)
                    }
                }
                sawInfinity = sawInfinity || bound == .infinity
                out.append(("_bucket", ("le", Self.text(bound)), cumulative))
            default: try reader.skip(wireType: field.wireType)
            }
        }
        if let count, !sawInfinity, !out.isEmpty { out.append(("_bucket", ("le", "+Inf"), count)) }
        if let sum { out.append(("_sum", nil, sum)) }
        if let count { out.append(("_count", nil, count)) }
        return out
    }

    /// A bound or quantile as the text format prints it: `0.5`, `1`, `+Inf`.
    static func text(_ value: Double) -> String {
        if value == .infinity { return "+Inf" }
        if value == -.infinity { return "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
