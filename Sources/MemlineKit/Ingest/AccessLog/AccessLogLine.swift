/// One line of an nginx or Apache access log in the common or combined layout, located in its bytes.
///
/// `[vhost:port] 127.0.0.1 - frank [05/Dec/2026:19:31:16 +0000] "GET /reports/12?x=1 HTTP/1.1" 200 512`, then
/// optionally `"referer" "user agent"` (combined), then timing fields (`AccessLogTiming`). The request line is
/// kept as written: nginx logs a request it could not read (`"-"`, `"\x16\x03\x01"` from a TLS client on the
/// plain port) with status 400, and such a line gives a request without method or path.
struct AccessLogLine {
    var remote: Range<Int>?
    var time: Timestamp
    var method: Range<Int>?
    var target: Range<Int>?
    var status: Int
    var bytes: Int?
    var timing: AccessLogTiming

    /// The expected layout, for skip reasons.
    static let shape = "`127.0.0.1 - - [05/Dec/2026:19:31:16 +0000] \"GET /path HTTP/1.1\" 200 512`"

    /// Locates the fields of `u`, or says what is missing.
    static func parse(_ u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> Result<AccessLogLine, AccessLogFailure> {
        guard let open = u.firstIndex(of: UInt8(ascii: "[")) else { return .failure(.init("no `[time]`")) }
        // Before `[`: remote, ident, user, and possibly Apache's `%v` or `%v:%p` first (vhost_combined).
        // Kept without an array: the ingest hot path reads a million lines.
        var count = 0
        var recent: (Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0)
        var i = 0
        while i < open {
            while i < open, u[i] == space { i += 1 }
            let s = i
            while i < open, u[i] != space {
                guard u[i] > space, u[i] != quote else { return .failure(.init("unexpected text before `[time]`")) }
                i += 1
            }
            if i > s {
                count += 1
                recent = (recent.1, recent.2, s..<i)
            }
        }
        guard count == 3 || count == 4 else {
            return .failure(.init("expected `remote ident user` before `[time]`, found \(count) fields"))
        }
        let remoteRange = recent.0
        guard let close = u[open...].firstIndex(of: UInt8(ascii: "]")),
            let time = parseTime(u, (open + 1)..<close, zone: zone)
        else { return .failure(.init("time is not `[05/Dec/2026:19:31:16 +0000]`")) }
        var k = close + 1
        guard k + 1 < u.count, u[k] == space, u[k + 1] == quote, let end = closingQuote(u, after: k + 1) else {
            return .failure(.init("no quoted request line after the time"))
        }
        var line = AccessLogLine(time: time, status: 0, timing: AccessLogTiming())
        if !(remoteRange.count == 1 && u[remoteRange.lowerBound] == dash) { line.remote = remoteRange }
        // `METHOD target PROTOCOL` (HTTP/0.9: no protocol); anything else keeps no method or path.
        var m = k + 2
        while m < end, isMethodByte(u[m]) { m += 1 }
        if m > k + 2, m < end, u[m] == space {
            var t = m + 1
            while t < end, u[t] != space { t += 1 }
            let protocolIsOneWord = t == end || (t + 1 < end && !u[(t + 1)..<end].contains(space))
            if t > m + 1, protocolIsOneWord {
                line.method = (k + 2)..<m
                line.target = (m + 1)..<t
            }
        }
        k = end + 1
        guard let statusRange = nextField(u, from: k), statusRange.count == 3,
            let status = ASCIIScan.int(u, statusRange), status >= 100
        else { return .failure(.init("no 3-digit status after the request line")) }
        line.status = status
        guard let bytesRange = nextField(u, from: statusRange.upperBound) else {
            return .failure(.init("bytes sent is neither a number nor `-`"))
        }
        if bytesRange.count == 1, u[bytesRange.lowerBound] == dash {
            line.bytes = nil
        } else if let bytes = ASCIIScan.int(u, bytesRange), bytes >= 0 {
            line.bytes = bytes
        } else {
            return .failure(.init("bytes sent is neither a number nor `-`"))
        }
        k = bytesRange.upperBound
        // Combined: `"referer" "user agent"`; anything after is timing or extra fields.
        for _ in 0..<2 {
            var j = k
            while j < u.count, u[j] == space { j += 1 }
            guard j < u.count, u[j] == quote, let q = closingQuote(u, after: j) else { break }
            k = q + 1
        }
        line.timing = AccessLogTiming.parse(u, from: k)
        return .success(line)
    }

    /// The index of the `"` closing the one at `open`, passing over `\"` and `\\` (Apache's escapes).
    static func closingQuote(_ u: UnsafeBufferPointer<UInt8>, after open: Int) -> Int? {
        var i = open + 1
        while i < u.count {
            if u[i] == backslash {
                i += 2
                continue
            }
            if u[i] == quote { return i }
            i += 1
        }
        return nil
    }

    /// The next space-separated field from `start`, or nil at the end of the line.
    private static func nextField(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        var i = start
        while i < u.count, ASCIIScan.isSpace(u[i]) { i += 1 }
        let s = i
        while i < u.count, !ASCIIScan.isSpace(u[i]) { i += 1 }
        return i > s ? s..<i : nil
    }

    /// `05/Dec/2026:19:31:16 +0000` (nginx `$time_local`, Apache `%t`), or `08/Dec/2026 06:08:07` (Python's
    /// `http.server`, on the host's clock); without an offset, read in `zone`.
    static func parseTime(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, zone: ZoneRule) -> Timestamp? {
        let b = r.lowerBound
        guard r.count >= 20, u[b + 2] == slash, u[b + 6] == slash, u[b + 11] == colon || u[b + 11] == space,
            u[b + 14] == colon,
            u[b + 17] == colon, let day = ASCIIScan.int(u, b..<(b + 2)),
            let year = ASCIIScan.int(u, (b + 7)..<(b + 11)),
            let hour = ASCIIScan.int(u, (b + 12)..<(b + 14)), let minute = ASCIIScan.int(u, (b + 15)..<(b + 17)),
            let second = ASCIIScan.int(u, (b + 18)..<(b + 20)), let month = monthNumber(u, b + 3),
            (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var millisecond = 0
        var i = b + 20
        if i < r.upperBound, u[i] == UInt8(ascii: ".") {
            // Apache `%{%d/%b/%Y:%T}t.%{msec_frac}t` and similar.
            var digits = 0
            i += 1
            while i < r.upperBound, ASCIIScan.isDigit(u[i]) {
                if digits < 3 { millisecond = millisecond * 10 + Int(u[i] &- 48) }
                digits += 1
                i += 1
            }
            while digits < 3 {
                millisecond *= 10
                digits += 1
            }
        }
        let rest = ASCIIScan.trimmed(u, i..<r.upperBound)
        var offset: Int?
        if !rest.isEmpty {
            guard let parsed = ZoneRule.parseOffset(ASCIIScan.string(u, rest)) else { return nil }
            offset = parsed
        }
        return Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond,
            utcOffsetSeconds: offset, zone: zone)
    }

    private static func monthNumber(_ u: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int? {
        MonthName.number(u[at], u[at + 1], u[at + 2])
    }

    @inline(__always) private static func isMethodByte(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }

    private static let space = UInt8(ascii: " ")
    private static let quote = UInt8(ascii: "\"")
    private static let dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")
    private static let colon = UInt8(ascii: ":")
    private static let backslash = UInt8(ascii: "\\")
}
