/// Reads Node.js JSON logs (pino, pino-http, Fastify, bunyan) into requests, RSS samples, heap metrics and errors.
///
/// - A record with `req` and `res` (pino-http's `request completed`, bunyan's `req`/`res` serializers) is a request
///   ending at its `time`, lasting `responseTime` or `latency` ms. Fastify logs `incoming request` (req, reqId) and
///   `request completed` (res, responseTime, the same reqId) apart: the two are joined; an incoming request never
///   completed is stored with its start only.
/// - A record with `rss` (process.memoryUsage() spread into the record, or under `memory`) is an RSS sample of its
///   pid; `heapUsed`, `heapTotal`, `external` and `arrayBuffers` are stored as metrics (`nodejs_heap_used_bytes`…).
///   The sample names no host or command: a ps or pidstat series of the same pid is the same process.
/// - A record at level 50 (error) or 60 (fatal) is an `error` event.
/// A line that is not a JSON object (console.log beside the logger) is skipped with its reason; other records are
/// read and carry nothing memline stores.
struct NodeJSONLogParser: TextLineParser {
    let context: ParseContext
    /// Fastify's incoming requests waiting for their completion, by reqId.
    private var open: [String: (line: Int, request: Request)] = [:]

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text
        if text.allSatisfy(\.isWhitespace) { return }
        guard let object = FlatJSONObject.parse(text) else {
            try sink.skip(line: line.number, reason: "not a JSON log record (one object per line expected)", text: text)
            return
        }
        guard let record = NodeJSONRecord(object, zone: context.zone) else {
            try sink.skip(
                line: line.number, reason: "a JSON object without pino's level, time, pid and msg", text: text)
            return
        }
        guard let ts = record.ts else {
            try sink.skip(line: line.number, reason: "time: not milliseconds since 1970 or ISO-8601", text: text)
            return
        }
        let host = context.host ?? record.hostname
        try emitRequest(record, ts: ts, host: host, line: line.number, into: sink)
        if let rss = record.memory["rss"] {
            try sink.emit(
                .rssSample(RSSSample(line: line.number, ts: ts, host: context.host, pid: record.pid, rssKB: rss / 1024))
            )
        }
        for (key, metric) in Self.heapMetrics {
            guard let value = record.memory[key] else { continue }
            var labels: [(name: String, value: String)] = []
            if let pid = record.pid { labels.append(("pid", String(pid))) }
            try sink.emit(
                .metricSample(
                    MetricSample(line: line.number, ts: ts, host: host, name: metric, labels: labels, value: value)))
        }
        if let level = record.level, level >= 50 {
            let message = [record.msg, record.errorMessage].compactMap { $0 }.filter { !$0.isEmpty }
                .joined(separator: ": ")
            try sink.emit(
                .event(
                    Event(
                        line: line.number, ts: ts, host: host, pid: record.pid, kind: "error",
                        message: message.isEmpty ? "level \(level)" : message)))
        }
    }

    mutating func finish(into sink: any RowSink) throws {
        for (_, entry) in open.sorted(by: { $0.value.line < $1.value.line }) {
            try sink.emit(.request(entry.request))
        }
        open = [:]
    }

    private static let heapMetrics: [(key: String, metric: String)] = [
        ("heapUsed", "nodejs_heap_used_bytes"), ("heapTotal", "nodejs_heap_total_bytes"),
        ("external", "nodejs_external_bytes"), ("arrayBuffers", "nodejs_array_buffers_bytes"),
    ]

    private mutating func emitRequest(
        _ record: NodeJSONRecord, ts: Timestamp, host: String?, line: Int, into sink: any RowSink
    ) throws {
        let completes = record.status != nil || record.durationMS != nil
        if record.url == nil, completes, let id = record.reqID, var entry = open.removeValue(forKey: id) {
            // Fastify's completion of an incoming request logged earlier.
            entry.request.lineEnd = line
            entry.request.tsEnd = ts
            entry.request.status = record.status
            entry.request.durationMS = record.durationMS
            try sink.emit(.request(entry.request))
            return
        }
        guard let url = record.url else { return }
        var request = Request(line: line)
        request.host = host
        request.pid = record.pid
        request.requestID = record.reqID
        request.method = record.method?.uppercased()
        let (path, endpoint) = EndpointNormalizer.split(url: url)
        request.path = path
        request.endpoint = endpoint
        if completes {
            request.tsEnd = ts
            request.status = record.status
            request.durationMS = record.durationMS
            if let ms = record.durationMS { request.tsStart = ts.adding(milliseconds: -Int64(ms.rounded())) }
            try sink.emit(.request(request))
        } else if let id = record.reqID {
            request.tsStart = ts
            open[id] = (line, request)
        }
    }
}
