/// Reads Prometheus HTTP API responses: `/api/v1/query_range` (matrix) and `/api/v1/query` (vector,
/// matrix for a range selector, scalar), pretty-printed or on one line.
///
/// `{"status":"success","data":{"resultType":"matrix",`
/// `"result":[{"metric":{…},"values":[[1795311506,"42962944"],…]}]}}`:
/// each `[unix seconds, "value"]` pair is one `MetricSample` with the series' labels (`__name__` is the name);
/// resident-memory series are also `rss_samples`. `{"status":"error","errorType":…,"error":…}` throws
/// `PrometheusError`: the whole file is refused with the server's message.
struct PrometheusJSONParser: TextLineParser {
    private let context: ParseContext
    private var reader = JSONEventReader()
    /// Keys (or "[]" for array elements) from the root to the current container.
    private var path: [String] = []
    private var pendingKey: String?
    private var status: String?
    private var errorType: String?
    private var errorMessage: String?
    private var resultType: String?
    private var labels: [(name: String, value: String)] = []
    private var name = ""
    private var metricDone = false
    private var buffered: [MetricSample] = []
    private var pair: [JSONEventReader.Scalar] = []
    private var seriesLine = 0
    private var samples = 0

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let events: [JSONEventReader.Event]
        do {
            events = try reader.feed(line.text)
        } catch {
            return try sink.skip(line: line.number, reason: "not Prometheus API JSON: \(error.reason)", text: line.text)
        }
        for event in events { try handle(event, line: line.number, into: sink) }
    }

    mutating func finish(into sink: any RowSink) throws {
        if status == "error" || errorType != nil {
            throw PrometheusError.api(type: errorType ?? "error", message: errorMessage ?? "no message")
        }
        if !reader.complete, reader.depth > 0 {
            try sink.skip(
                line: seriesLine, reason: "JSON cut before its end; the samples read so far are kept", text: "")
        }
    }

    /// `path` joined by dots, kept up to date on every push and pop (it is read for every event).
    private var dottedPath = ""
    private var whereLengths: [Int] = []

    private mutating func push(_ segment: String) {
        path.append(segment)
        whereLengths.append(dottedPath.utf8.count)
        dottedPath = dottedPath.isEmpty ? segment : dottedPath + "." + segment
    }

    private mutating func pop() {
        path.removeLast()
        let length = whereLengths.removeLast()
        dottedPath = String(dottedPath.utf8.prefix(length)) ?? ""
    }

    private mutating func handle(_ event: JSONEventReader.Event, line: Int, into sink: any RowSink) throws {
        switch event {
        case .key(let key):
            pendingKey = key
        case .beginObject, .beginArray:
            let segment = pendingKey ?? "[]"
            pendingKey = nil
            push(segment)
            if dottedPath == "[].data.result.[]", event == .beginObject {
                labels = []
                name = ""
                metricDone = false
                buffered = []
                seriesLine = line
            }
            if path.last == "[]", path.dropLast().last == "values" || dottedPath.hasSuffix(".value") || isScalarResult {
                pair = []
            }
            if path.last == "value" || (path.last == "result" && resultType == "scalar") { pair = [] }
        case .endObject, .endArray:
            guard !path.isEmpty else {
                return try sink.skip(
                    line: line, reason: "unbalanced JSON: a closing bracket without its opening one", text: "")
            }
            let closing = dottedPath
            if closing == "[].data.result.[].metric" {
                metricDone = true
                try flushBuffered(into: sink)
            }
            if closing.hasSuffix(".values.[]") || closing.hasSuffix(".value")
                || (closing == "[].data.result" && resultType == "scalar")
            {
                try samplePair(line: line, into: sink)
            }
            if closing == "[].data.result.[]", !buffered.isEmpty {
                metricDone = true
                try flushBuffered(into: sink)
            }
            pop()
        case .value(let scalar):
            let key = pendingKey
            pendingKey = nil
            switch (dottedPath, key) {
            case ("[]", "status"): if case .string(let s) = scalar { status = s }
            case ("[]", "errorType"): if case .string(let s) = scalar { errorType = s }
            case ("[]", "error"): if case .string(let s) = scalar { errorMessage = s }
            case ("[].data", "resultType"): if case .string(let s) = scalar { resultType = s }
            case ("[].data.result.[].metric", let label?):
                if case .string(let s) = scalar {
                    if label == "__name__" { name = s } else { labels.append((label, s)) }
                }
            default:
                if key == nil, path.last == "[]" || path.last == "value" || isScalarResult { pair.append(scalar) }
            }
        }
    }

    private var isScalarResult: Bool { resultType == "scalar" && dottedPath == "[].data.result" }

    /// `[1795311506.51, "42962944"]` → one sample of the current series.
    private mutating func samplePair(line: Int, into sink: any RowSink) throws {
        defer { pair = [] }
        guard pair.count == 2, case .number(let seconds) = pair[0], case .string(let text) = pair[1] else {
            if !pair.isEmpty {
                try sink.skip(line: line, reason: "expected a [unix_seconds, \"value\"] pair", text: "")
            }
            return
        }
        guard let ts = Timestamp(checkedSeconds: seconds) else {
            return try sink.skip(line: line, reason: Timestamp.outOfRangeReason("\(seconds)"), text: "")
        }
        let value = PrometheusTextParser.number(Substring(text))
        var sample = MetricSample(
            line: line, ts: ts,
            name: name.isEmpty ? resultType ?? "value" : name,
            labels: labels, value: value.flatMap { $0.isNaN ? nil : $0 })
        sample.host = context.host ?? sample.label("instance")
        if metricDone || resultType == "scalar" {
            try emit(sample, into: sink)
        } else {
            buffered.append(sample)
        }
    }

    /// Samples read before their series' `metric` object: given its name and labels now.
    private mutating func flushBuffered(into sink: any RowSink) throws {
        for sample in buffered {
            var named = MetricSample(
                line: sample.line, ts: sample.ts, name: name.isEmpty ? sample.name : name, labels: labels,
                value: sample.value)
            named.host = context.host ?? named.label("instance")
            try emit(named, into: sink)
        }
        buffered = []
    }

    private mutating func emit(_ sample: MetricSample, into sink: any RowSink) throws {
        var sample = sample
        if sample.name.isEmpty || sample.name == resultType, !name.isEmpty { sample.name = name }
        try sink.emit(.metricSample(sample))
        if let rss = PrometheusMemorySeries.rssSample(sample, scraped: false) { try sink.emit(.rssSample(rss)) }
        samples += 1
    }
}
