/// Reads nginx and Apache access logs (common, combined, with timing fields) into `requests`.
///
/// One line is one request: method, path and endpoint (`EndpointNormalizer`, query dropped), status, bytes,
/// remote IP, host from `--host`. When the line carries a duration, the request spans it: nginx writes the line
/// when the request ends (`$time_local` is the end; start = end − `$request_time`, else − the upstream time),
/// Apache stamps `%t` when it was received (end = start + `%D`/`%T`). A line without timing is an instant at its
/// time (start = end, no duration), so the analysis still counts it.
///
/// Apache's bare integer durations wait in `pending` until the file shows whether they are `%D` or `%T`
/// (`DurationUnitGuess`). Blank lines are not errors; any other line that is not the layout is skipped with
/// what was missing.
struct AccessLogParser: LineParser {
    let context: ParseContext
    private var guess = DurationUnitGuess()
    private var pending: [(request: Request, value: Int)] = []
    /// Rows kept back while the unit of bare integers is unknown.
    static let pendingLimit = 512

    init(context: ParseContext) { self.context = context }

    mutating func parse(bytes u: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        if ASCIIScan.trimmed(u, 0..<u.count).isEmpty { return }
        let parsed: AccessLogLine
        switch AccessLogLine.parse(u, zone: context.zone) {
        case .success(let line): parsed = line
        case .failure(let failure):
            try sink.skip(
                line: number, reason: "\(failure.reason): expected an access log line \(AccessLogLine.shape)",
                text: String(decoding: u, as: UTF8.self))
            return
        }
        var request = Request(line: number)
        request.host = context.host
        request.status = parsed.status
        request.bytes = parsed.bytes
        request.remoteIP = parsed.remote.map { ASCIIScan.string(u, $0) }
        request.method = parsed.method.map { ASCIIScan.string(u, $0) }
        if let target = parsed.target {
            let (path, endpoint) = EndpointNormalizer.split(bytes: UnsafeBufferPointer(rebasing: u[target]))
            request.path = path
            request.endpoint = endpoint
        }
        let timing = parsed.timing
        if let seconds = timing.requestSeconds ?? timing.upstreamSeconds {
            Self.span(&request, endingAt: parsed.time, milliseconds: seconds * 1000)
        } else if let micros = timing.microseconds {
            Self.span(&request, startingAt: parsed.time, milliseconds: Double(micros) / 1000)
        } else if let value = timing.bareInteger {
            request.tsStart = parsed.time
            if let unit = guess.observe(value) {
                try flush(unit, into: sink)
                Self.span(&request, startingAt: parsed.time, milliseconds: unit.milliseconds(value))
            } else {
                pending.append((request, value))
                if pending.count >= Self.pendingLimit { try flush(guess.settle(), into: sink) }
                return
            }
        } else {
            request.tsStart = parsed.time
            request.tsEnd = parsed.time
        }
        try sink.emit(.request(request))
    }

    mutating func finish(into sink: any RowSink) throws {
        if !pending.isEmpty { try flush(guess.settle(), into: sink) }
    }

    private mutating func flush(_ unit: DurationUnitGuess.Unit, into sink: any RowSink) throws {
        for (request, value) in pending {
            var row = request
            if let start = row.tsStart {
                Self.span(&row, startingAt: start, milliseconds: unit.milliseconds(value))
            }
            try sink.emit(.request(row))
        }
        pending.removeAll()
    }

    private static func span(_ request: inout Request, endingAt end: Timestamp, milliseconds: Double) {
        request.durationMS = milliseconds
        request.tsEnd = end
        request.tsStart = end.adding(checkedMilliseconds: -milliseconds)
    }

    private static func span(_ request: inout Request, startingAt start: Timestamp, milliseconds: Double) {
        request.durationMS = milliseconds
        request.tsStart = start
        request.tsEnd = start.adding(checkedMilliseconds: milliseconds)
    }
}
