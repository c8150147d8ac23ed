/// Reads the Prometheus text exposition format (0.0.4): `# HELP`/`# TYPE` comments and
/// `name{label="value",…} value [timestamp_ms]` samples.
///
/// Samples without a timestamp (a scrape saved to a file) take the scrape's time: `--at`, else a time in the
/// file name (`metrics-2024-05-01T12:00:00Z.prom`, `node_20240501T120000.txt`, `scrape-1714564800.prom`;
/// see `HeapSnapshotTime`), else the file's mtime (`ParseContext.snapshotTime`). Every
/// sample goes to `metric_samples`; resident-memory series also to `rss_samples`
/// (`PrometheusMemorySeries`). Label values are unescaped (`\\`, `\"`, `\n`); `NaN`, `+Inf`, `-Inf` are read.
struct PrometheusTextParser: TextLineParser {
    private let context: ParseContext
    /// The scrape's time for samples that carry none, worked out once per file.
    private let scrapeTime: Timestamp?

    init(context: ParseContext) {
        self.context = context
        scrapeTime = context.snapshotTime?.ts
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        var text = Substring(line.text)
        while let c = text.first, c == " " || c == "\t" { text.removeFirst() }
        if text.isEmpty || text.hasPrefix("#") { return }
        guard var sample = Self.sample(text, line: line.number) else {
            return try sink.skip(
                line: line.number, reason: "expected name{label=\"value\",…} value [timestamp_ms]", text: line.text)
        }
        if sample.ts.milliseconds == Int64.min {
            guard let ts = scrapeTime else {
                return try sink.skip(
                    line: line.number, reason: "sample without a timestamp; no --at, time in the file name or mtime",
                    text: line.text)
            }
            sample.ts = ts
        }
        sample.host = context.host ?? sample.label("instance")
        try sink.emit(.metricSample(sample))
        if let rss = PrometheusMemorySeries.rssSample(sample) { try sink.emit(.rssSample(rss)) }
    }

    /// One sample line; the timestamp is `Int64.min` when the line has none.
    static func sample(_ text: Substring, line: Int) -> MetricSample? {
        var rest = text
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard !name.isEmpty, !(name.first?.isNumber ?? true) else { return nil }
        rest = rest.dropFirst(name.count)
        var labels: [(name: String, value: String)] = []
        if rest.first == "{" {
            rest.removeFirst()
            while true {
                while let c = rest.first, c == " " || c == "," { rest.removeFirst() }
                if rest.first == "}" {
                    rest.removeFirst()
                    break
                }
                let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                guard !key.isEmpty else { return nil }
                rest = rest.dropFirst(key.count)
                while rest.first == " " { rest.removeFirst() }
                guard rest.first == "=" else { return nil }
                rest.removeFirst()
                while rest.first == " " { rest.removeFirst() }
                guard rest.first == "\"" else { return nil }
                rest.removeFirst()
                var value = ""
                var closed = false
                while let c = rest.first {
                    rest.removeFirst()
                    if c == "\\", let e = rest.first {
                        rest.removeFirst()
                        value.append(e == "n" ? "\n" : e)
                    } else if c == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
                labels.append((String(key), value))
            }
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 1 || fields.count == 2, let value = number(fields[0]) else { return nil }
        var ts = Timestamp(milliseconds: Int64.min)
        if fields.count == 2 {
            guard let ms = Int64(fields[1]) else { return nil }
            ts = Timestamp(milliseconds: ms)
        }
        return MetricSample(line: line, ts: ts, name: String(name), labels: labels, value: value.isNaN ? nil : value)
    }

    /// A sample value: decimal, exponent, `NaN`, `+Inf`, `-Inf`.
    static func number(_ text: Substring) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return Double(text)
        }
    }
}
