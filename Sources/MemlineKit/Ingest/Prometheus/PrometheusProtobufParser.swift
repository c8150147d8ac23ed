/// Reads the Prometheus protobuf exposition (`application/vnd.google.protobuf;
/// proto=io.prometheus.client.MetricFamily; encoding=delimited`): MetricFamily messages, each after its length
/// as a varint.
///
/// A binary file has no lines, so a row's `line` is its family's position in the file (1 = the first
/// MetricFamily): `file:7` points at the seventh family. Samples go where the text format's go (`metric_samples`,
/// memory series also to `rss_samples`); samples without `timestamp_ms` take the scrape time (`--at`, a time in
/// the file name, mtime). A family that does not decode is skipped with the reason; a length prefix that runs
/// past the end of the file ends the read, also with the reason.
struct PrometheusProtobufParser {
    let context: ParseContext

    /// Whether `prefix` starts like a delimited MetricFamily stream: a length, then field 1 (the name) holding a
    /// metric name.
    static func looksLikeDelimited(_ prefix: ArraySlice<UInt8>) -> Bool {
        var reader = ProtobufReader(prefix)
        guard let length = try? reader.varint(), length > 2, length < 1 << 24,
            let field = try? reader.nextField(), field == (1, 2), let name = try? reader.lengthDelimited(),
            !name.isEmpty, name.count < 256
        else { return false }
        return name.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x3A
        }
    }

    /// Reads every family from `source` into `sink`; returns how many families there were.
    func parse(_ source: any ByteSource, into sink: any RowSink) throws -> Int {
        let scrapeTime = context.snapshotTime?.ts
        var buffer: [UInt8] = []
        var start = 0
        var families = 0
        var ended = false
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            // Frame as many whole messages as the buffer holds.
            while true {
                var reader = ProtobufReader(buffer[start...])
                guard !reader.isAtEnd, let length = try? reader.varint() else { break }
                let headerLength = Self.varintLength(length)
                guard buffer.count - start - headerLength >= Int(clamping: length) else { break }
                let body = buffer[(start + headerLength)..<(start + headerLength + Int(length))]
                families += 1
                try emit(body, family: families, scrapeTime: scrapeTime, into: sink)
                start += headerLength + Int(length)
            }
            if ended { break }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 {
                ended = true
                if buffer.isEmpty { break }
                continue
            }
            buffer += chunk[0..<n]
        }
        if start < buffer.count {
            try sink.skip(
                line: families + 1,
                reason: "truncated: \(buffer.count - start) bytes after family \(families) do not hold a whole "
                    + "length-prefixed MetricFamily (file cut short?)",
                text: "")
        }
        return families
    }

    private func emit(_ body: ArraySlice<UInt8>, family: Int, scrapeTime: Timestamp?, into sink: any RowSink)
        throws
    {
        let decoded: PrometheusProtobufFamily
        do {
            decoded = try PrometheusProtobufFamily(body)
        } catch {
            try sink.skip(line: family, reason: "MetricFamily \(family) does not decode (\(error))", text: "")
            return
        }
        for s in decoded.samples {
            let ts = s.timestampMS.map { Timestamp(milliseconds: $0) } ?? scrapeTime
            guard let ts else {
                try sink.skip(
                    line: family, reason: "sample without a timestamp; no --at, time in the file name or mtime",
                    text: s.name)
                continue
            }
            var sample = MetricSample(
                line: family, ts: ts, name: s.name, labels: s.labels, value: s.value.isNaN ? nil : s.value)
            sample.host = context.host ?? sample.label("instance")
            try sink.emit(.metricSample(sample))
            if let rss = PrometheusMemorySeries.rssSample(sample) { try sink.emit(.rssSample(rss)) }
        }
    }

    private static func varintLength(_ value: UInt64) -> Int {
        var n = 1
        var v = value >> 7
        while v > 0 {
            n += 1
            v >>= 7
        }
        return n
    }
}
