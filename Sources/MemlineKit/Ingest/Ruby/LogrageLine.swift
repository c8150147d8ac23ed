/// One request line written by lograge, in its key=value or JSON formatter, read from the message bytes.
///
/// | formatter | message |
/// |---|---|
/// | `KeyValue` (default) | `method=GET path=/jobs/833552.json format=json controller=JobsController action=show
///   status=200 duration=58.33 view=40.43 db=15.62` |
/// | `Json` | `{"method":"GET","path":"/","format":"html","controller":"HomeController","action":"index",
///   "status":200,"duration":12.3,"view":5.1,"db":2.0}` |
///
/// Fields added through `custom_options` are read when present: `time` / `ts` / `@timestamp` / `timestamp` (an ISO
/// time, or a Ruby `Time` printed by the key=value formatter as `time=2026-12-05 20:35:31 +0000`), `request_id`,
/// `host`, `pid`, `allocations`; `time: event.time`, a monotonic clock reading (`time=4835.63`), is no time.
/// lograge quotes only `error` (`error='RuntimeError: boom'`, single quotes); other values run to the next space. The message may start with its own ISO time
/// (`2024-03-12T09:01:38.123Z method=GET …`, a container runtime's prefix), which is read too. Other services'
/// key=value access logs that lead with their time, pid or level (`time=… pid=… method=GET path=/ status=200`) are
/// read the same way, as are those that print the request as an access log does, quoted and followed by the status
/// (`2026-12-07 20:14:16.965 +1030 pid=17473 worker=2 "POST /v1/hooks" 202 req_bytes=2593 dur_ms=0.29`), with their
/// duration in `duration`, `duration_ms`, `dur_ms`, `elapsed_ms` or `latency_ms` (milliseconds). rails_semantic_logger's
/// JSON (`{"timestamp":…,"pid":…,"named_tags":{"request_id":…},"duration_ms":5.5,"message":"Completed #create",
/// "payload":{"controller":…,"action":…,"method":"POST","path":…,"status":201,…}}`) is read through its `payload`
/// and `named_tags`; its `Started` line is the same request and makes none.
///
/// `read` answers nil for any message that is not lograge's (so callers pay a few byte compares for other
/// lines), and `.unreadable` for one that starts like lograge but lacks what a request needs.
struct LogrageLine {
    var method: Range<Int>?
    var path: Range<Int>?
    var format: Range<Int>?
    var controller: Range<Int>?
    var action: Range<Int>?
    /// `request_id`, `uuid` or `request_uuid`; in JSON possibly escaped (decode with `text(_:)`).
    var requestID: Range<Int>?
    var host: Range<Int>?
    var status: Int?
    var durationMS: Double?
    var viewMS: Double?
    var dbMS: Double?
    var allocations: Int?
    var pid: Int?
    /// The line's own time: a `time`/`@timestamp`/`timestamp` field, else the ISO time the message starts with.
    var time: Timestamp?
    /// Whether the message was JSON (its string ranges may hold escapes).
    var isJSON = false

    /// What `read` found.
    enum Reading {
        case line(LogrageLine)
        case unreadable(reason: String)
    }

    /// Reads the message that starts at `start` (after any Logger or syslog prefix and tags).
    /// - Returns: nil when the message is not a lograge line.
    static func read(_ u: UnsafeBufferPointer<UInt8>, at start: Int, zone: ZoneRule) -> Reading? {
        var i = start
        while i < u.count, u[i] == ASCIIScan.space { i += 1 }
        guard i < u.count else { return nil }
        var leadTime: Timestamp?
        if ASCIIScan.isDigit(u[i]) {
            // `2024-03-12T09:01:38.123Z method=GET …`: a time, then lograge.
            guard u.count - i > 20, u[i + 4] == UInt8(ascii: "-"),
                let parsed = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[i...]), zone: zone)
            else { return nil }
            leadTime = parsed.timestamp
            i += parsed.length
            guard i < u.count, u[i] == ASCIIScan.space else { return nil }
            while i < u.count, u[i] == ASCIIScan.space { i += 1 }
        }
        guard i < u.count else { return nil }
        var reading: Reading?
        if u[i] == UInt8(ascii: "m"), ASCIIScan.hasPrefix(u, "method=", at: i) {
            reading = keyValue(u, from: i, zone: zone)
        } else if leadsARequestLine(u, at: i) {
            reading = keyValue(u, from: i, zone: zone)
        } else if u[i] == UInt8(ascii: "{") {
            reading = json(u, from: i, zone: zone)
        }
        if case .line(var line) = reading, line.time == nil, let leadTime {
            line.time = leadTime
            return .line(line)
        }
        return reading
    }

    /// The text of a string field (JSON escapes decoded).
    func text(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        guard isJSON else { return ASCIIScan.string(u, range) }
        var escaped = false
        for k in range where u[k] == UInt8(ascii: "\\") {
            escaped = true
            break
        }
        return JSONMemberScanner.text(u, range, escaped: escaped)
    }

    /// Whether the fields make a request: a status, and a controller and action or a path.
    private func validated(_ shape: String) -> Reading {
        guard status != nil else {
            return .unreadable(reason: "lograge \(shape) line without a readable status (expected `status=200`)")
        }
        guard (controller != nil && action != nil) || path != nil else {
            return .unreadable(
                reason: "lograge \(shape) line without controller/action or path "
                    + "(expected `controller=JobsController action=show` or `path=/jobs/1`)")
        }
        return .line(self)
    }

    // MARK: - key=value

    private static func keyValue(_ u: UnsafeBufferPointer<UInt8>, from start: Int, zone: ZoneRule) -> Reading {
        var line = LogrageLine()
        var sawStatus = false
        var end = u.count
        while end > start, u[end - 1] == ASCIIScan.space || u[end - 1] == 0x0D { end -= 1 }
        var pairs = LogfmtScanner(u, from: start, to: end, quoting: .single)
        while let pair = pairs.next() {
            let key = pair.key
            let value = pair.value
            // `time=2026-12-05 20:35:31 +0000`: a Ruby `Time` printed with `to_s` holds spaces.
            if !pair.quoted, isTimeKey(u, key), !value.isEmpty, ASCIIScan.isDigit(u[value.lowerBound]),
                let parsed = Timestamp.parseISO(
                    bytes: UnsafeBufferPointer(rebasing: u[value.lowerBound..<end]), zone: zone)
            {
                line.time = parsed.timestamp
                pairs.index = max(pairs.index, value.lowerBound + parsed.length)
                continue
            }
            if key.count == 6, ASCIIScan.hasPrefix(u, "status", at: key.lowerBound) { sawStatus = true }
            line.take(u, key: key, string: value, number: nil, zone: zone)
        }
        if line.method == nil, line.path == nil, let quoted = quotedRequest(u, from: start, to: end) {
            line.method = quoted.method
            line.path = quoted.path
            if line.status == nil { line.status = quoted.status }
        }
        if sawStatus, line.status == nil {
            return .unreadable(reason: "lograge key=value line whose status is not a number (expected `status=200`)")
        }
        return line.validated("key=value")
    }

    /// Whether `key` names the line's time (`time`, `ts`, `@timestamp`, `timestamp`).
    private static func isTimeKey(_ u: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        JSONMemberScanner.key(u, key, is: "time") || JSONMemberScanner.key(u, key, is: "@timestamp")
            || JSONMemberScanner.key(u, key, is: "timestamp") || JSONMemberScanner.key(u, key, is: "ts")
    }

    /// A key=value request line of another writer (a Python or Go service's access log) that puts its time, pid or
    /// level first: `time=2026-12-06T23:21:09.011Z pid=24552 method=GET path=/healthz status=200 duration=0.29`.
    /// Read like lograge's when `method=` and `path=` follow as keys. (A Heroku router line starts with `at=`.)
    private static func leadsARequestLine(_ u: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard requestLineLeads.contains(where: { ASCIIScan.hasPrefix(u, $0, at: i) }) else { return false }
        if ASCIIScan.contains(u, " method=", from: i) && ASCIIScan.contains(u, " path=", from: i) { return true }
        return quotedRequest(u, from: i, to: u.count) != nil
    }

    /// The first quoted request line among the fields, as an access log prints it, and the status after it:
    /// `"POST /v1/hooks" 202` or `"GET /a?b=1 HTTP/1.1" 200`. The method is upper-case letters and the target
    /// starts with `/`; the status is the three digits that follow the closing quote.
    static func quotedRequest(_ u: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (
        method: Range<Int>, path: Range<Int>, status: Int
    )? {
        // A field of its own (after a space), not a quoted value (`msg="GET /x took 3 ms"`).
        guard let open = (start..<end).first(where: { u[$0] == UInt8(ascii: "\"") }), open > start,
            u[open - 1] == ASCIIScan.space
        else { return nil }
        var m = open + 1
        while m < end, u[m] >= UInt8(ascii: "A"), u[m] <= UInt8(ascii: "Z") { m += 1 }
        guard m > open + 1, m + 1 < end, u[m] == ASCIIScan.space, u[m + 1] == UInt8(ascii: "/") else { return nil }
        var t = m + 1
        while t < end, u[t] != ASCIIScan.space, u[t] != UInt8(ascii: "\"") { t += 1 }
        var close = t
        while close < end, u[close] != UInt8(ascii: "\"") { close += 1 }
        guard close < end else { return nil }
        var s = close + 1
        while s < end, u[s] == ASCIIScan.space { s += 1 }
        guard s + 3 <= end, s + 3 == end || u[s + 3] == ASCIIScan.space, let status = ASCIIScan.int(u, s..<(s + 3)),
            status >= 100
        else { return nil }
        return ((open + 1)..<m, (m + 1)..<t, status)
    }

    /// The keys another writer's request line may start with (built once: this runs for every non-Rails line).
    private static let requestLineLeads: [StaticString] = [
        "time=", "ts=", "timestamp=", "@timestamp=", "pid=", "level=",
    ]

    /// Stores one field: `string` is the value's bytes (unquoted); `number` is set for a JSON number.
    private mutating func take(
        _ u: UnsafeBufferPointer<UInt8>, key: Range<Int>, string: Range<Int>?, number: Double?, zone: ZoneRule
    ) {
        func isKey(_ name: StaticString) -> Bool { JSONMemberScanner.key(u, key, is: name) }
        func numeric() -> Double? {
            if let number { return number }
            guard let string, !string.isEmpty else { return nil }
            return ASCIIScan.double(u, string)
        }
        guard let first = key.first.map({ u[$0] }) else { return }
        switch first {
        case UInt8(ascii: "m"):
            if isKey("method") { method = string }
        case UInt8(ascii: "p"):
            if isKey("path") {
                path = string
            } else if isKey("pid") {
                pid = numeric().flatMap { $0 >= 0 && $0 < 1e9 ? Int($0) : nil }
            }
        case UInt8(ascii: "f"):
            if isKey("format") { format = string }
        case UInt8(ascii: "c"):
            if isKey("controller") { controller = string }
        case UInt8(ascii: "a"):
            if isKey("action") {
                action = string
            } else if isKey("allocations") {
                allocations = numeric().flatMap { $0 >= 0 && $0 < 1e15 ? Int($0) : nil }
            }
        case UInt8(ascii: "s"):
            if isKey("status") {
                status = numeric().flatMap { $0 >= 100 && $0 < 1000 && $0 == $0.rounded() ? Int($0) : nil }
            }
        case UInt8(ascii: "d"):
            if isKey("duration_ms") || isKey("dur_ms") {
                durationMS = numeric()
            } else if isKey("duration") {
                // rails_semantic_logger prints `duration_ms` and a rounded `"duration":"5.6ms"`: the first wins.
                durationMS = durationMS ?? numeric()
            } else if isKey("db") {
                dbMS = numeric()
            }
        case UInt8(ascii: "v"):
            if isKey("view") { viewMS = numeric() }
        case UInt8(ascii: "e"):
            if isKey("elapsed_ms") { durationMS = numeric() }
        case UInt8(ascii: "l"):
            if isKey("latency_ms") { durationMS = numeric() }
        case UInt8(ascii: "r"):
            if isKey("request_id") || isKey("request_uuid") { requestID = string.flatMap { $0.isEmpty ? nil : $0 } }
        case UInt8(ascii: "u"):
            if isKey("uuid"), requestID == nil { requestID = string.flatMap { $0.isEmpty ? nil : $0 } }
        case UInt8(ascii: "h"):
            if isKey("host") { host = string.flatMap { $0.isEmpty ? nil : $0 } }
        case UInt8(ascii: "t"), UInt8(ascii: "@"):
            if LogrageLine.isTimeKey(u, key), let string {
                time = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[string]), zone: zone)?.timestamp
            }
        default: break
        }
    }

    // MARK: - JSON

    private static func json(_ u: UnsafeBufferPointer<UInt8>, from start: Int, zone: ZoneRule) -> Reading? {
        var line = LogrageLine()
        line.isJSON = true
        var sawStatus = false
        var started = false
        func take(_ key: Range<Int>, _ value: JSONMemberScanner.RawValue) {
            switch value {
            case .string(let range, _):
                line.take(u, key: key, string: range, number: nil, zone: zone)
                // rails_semantic_logger logs a request twice: `Started` (method, path) and `Completed #action`.
                if JSONMemberScanner.key(u, key, is: "message"), ASCIIScan.hasPrefix(u, "Started", at: range.lowerBound)
                {
                    started = true
                }
            case .number(let number):
                line.take(u, key: key, string: nil, number: number, zone: zone)
            default: return
            }
            if JSONMemberScanner.key(u, key, is: "status") { sawStatus = true }
        }
        let complete = JSONMemberScanner.forEachMember(u, in: start..<u.count) { key, _, value in
            // rails_semantic_logger nests the request's fields in `payload` and its request id in `named_tags`.
            if case .object(let inner) = value,
                JSONMemberScanner.key(u, key, is: "payload") || JSONMemberScanner.key(u, key, is: "named_tags")
            {
                _ = JSONMemberScanner.forEachMember(u, in: inner) { key, _, value in take(key, value) }
                return
            }
            take(key, value)
        }
        if started, line.status == nil { return nil }
        let startsLikeLograge = ASCIIScan.hasPrefix(u, "{\"method\":", at: start)
        guard complete else {
            // Only a line that began like lograge's is worth a reason; other broken JSON is not ours.
            return startsLikeLograge
                ? .unreadable(reason: "lograge JSON line that is not one whole JSON object (truncated?)") : nil
        }
        // Another program's JSON (a Sidekiq or metrics line) is not ours either.
        guard line.method != nil, line.controller != nil || line.path != nil else { return nil }
        if sawStatus, line.status == nil {
            return .unreadable(reason: "lograge JSON line whose status is not a number (expected `\"status\":200`)")
        }
        return line.validated("JSON")
    }
}
