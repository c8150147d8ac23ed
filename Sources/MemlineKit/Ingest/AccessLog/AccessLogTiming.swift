/// The timing fields a web server appended after the combined or common layout, as written.
///
/// nginx's `$request_time` and `$upstream_response_time` are seconds with a decimal point (`0.123`), positional
/// or as `rt=0.123 urt="0.120"` (the "timed combined" key=values, `request_time=` and `upstream_response_time=`
/// too). Apache's `%D` is whole microseconds and `%T` whole seconds: both are a bare integer, told apart per file
/// by `DurationUnitGuess`; `%T/%D` (`0/12345`) gives the microseconds.
struct AccessLogTiming: Equatable {
    /// nginx `$request_time` (or `rt=`): the whole request, seconds.
    var requestSeconds: Double?
    /// nginx `$upstream_response_time` (or `urt=`): summed over the upstreams tried, seconds.
    var upstreamSeconds: Double?
    /// Apache `%D` or `%T` (a bare integer): the unit is not known from one line.
    var bareInteger: Int?
    /// Apache `%T/%D`: microseconds.
    var microseconds: Int?

    /// True when the line carries any duration.
    var isEmpty: Bool { requestSeconds == nil && upstreamSeconds == nil && bareInteger == nil && microseconds == nil }

    /// Reads the fields after the layout: `0.016 0.017`, `rt=0.016 uct="0.000" urt="0.017"`, `10721`, `0/10721`.
    ///
    /// Fields it does not know (`"$http_x_forwarded_for"`, `$host`, `-`) are passed over.
    static func parse(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> AccessLogTiming {
        var timing = AccessLogTiming()
        var positional: [Double] = []
        var i = start
        while i < u.count {
            while i < u.count, ASCIIScan.isSpace(u[i]) { i += 1 }
            guard i < u.count else { break }
            let tokenStart = i
            var equals: Int?
            if u[i] == quote {
                i = AccessLogLine.closingQuote(u, after: i).map { $0 + 1 } ?? u.count
            } else {
                while i < u.count, !ASCIIScan.isSpace(u[i]) {
                    if equals == nil, u[i] == UInt8(ascii: "=") { equals = i }
                    if equals != nil, u[i] == quote, let close = AccessLogLine.closingQuote(u, after: i) {
                        i = close
                    }
                    i += 1
                }
            }
            let token = tokenStart..<i
            if let equals {
                let key = tokenStart..<equals
                var value = (equals + 1)..<i
                if value.count >= 2, u[value.lowerBound] == quote, u[value.upperBound - 1] == quote {
                    value = (value.lowerBound + 1)..<(value.upperBound - 1)
                }
                if ASCIIScan.equalsIgnoringCase(u, key, "rt") || ASCIIScan.equalsIgnoringCase(u, key, "request_time") {
                    timing.requestSeconds = seconds(u, value)
                } else if ASCIIScan.equalsIgnoringCase(u, key, "urt")
                    || ASCIIScan.equalsIgnoringCase(u, key, "upstream_response_time")
                {
                    timing.upstreamSeconds = seconds(u, value)
                }
                continue
            }
            if let slash = token.first(where: { u[$0] == UInt8(ascii: "/") }),
                ASCIIScan.int(u, tokenStart..<slash) != nil, let micros = ASCIIScan.int(u, (slash + 1)..<i), micros >= 0
            {
                timing.microseconds = micros
            } else if token.contains(where: { u[$0] == UInt8(ascii: ".") }), let s = seconds(u, token) {
                positional.append(s)
            } else if let n = ASCIIScan.int(u, token), n >= 0, positional.isEmpty {
                timing.bareInteger = n
            }
        }
        if let first = positional.first {
            timing.requestSeconds = timing.requestSeconds ?? first
            if positional.count > 1 {
                timing.upstreamSeconds = timing.upstreamSeconds ?? positional.dropFirst().reduce(0, +)
            }
        }
        return timing
    }

    /// Seconds in `range`, summing `0.001, 0.002` (several upstreams); nil for `-` or anything else.
    private static func seconds(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var total: Double?
        var s = range.lowerBound
        var i = range.lowerBound
        while i <= range.upperBound {
            if i == range.upperBound || u[i] == comma || u[i] == UInt8(ascii: ":") {
                let part = ASCIIScan.trimmed(u, s..<i)
                if let v = ASCIIScan.double(u, part), v >= 0 {
                    total = (total ?? 0) + v
                } else if !part.isEmpty {
                    return nil
                }
                s = i + 1
            }
            i += 1
        }
        return total
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
}
