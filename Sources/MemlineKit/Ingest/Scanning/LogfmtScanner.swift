/// Walks the `key=value` pairs of a logfmt message in place (Heroku router and runtime-metrics lines).
///
/// `at=error code=H12 desc="Request timeout" method=GET path="/a b" dyno=web.2 service=30000ms`: values run
/// to the next space, or are double-quoted (the quotes are not part of the value; `\"` inside stays as is).
/// Words without `=` are passed over. Works on the bytes of one line; nothing is copied.
enum LogfmtScanner {
    /// Calls `body` with the byte ranges of each key and value from `start` on.
    static func forEachPair(
        _ u: UnsafeBufferPointer<UInt8>, from start: Int = 0,
        _ body: (_ key: Range<Int>, _ value: Range<Int>) throws -> Void
    ) rethrows {
        var i = start
        let n = u.count
        while i < n {
            while i < n, u[i] == ASCIIScan.space { i += 1 }
            let keyStart = i
            while i < n, u[i] != ASCIIScan.space, u[i] != UInt8(ascii: "=") { i += 1 }
            guard i < n, u[i] == UInt8(ascii: "="), i > keyStart else {
                // A bare word: skip to the next space.
                while i < n, u[i] != ASCIIScan.space { i += 1 }
                continue
            }
            let key = keyStart..<i
            i += 1
            if i < n, u[i] == UInt8(ascii: "\"") {
                let valueStart = i + 1
                var j = valueStart
                while j < n, u[j] != UInt8(ascii: "\"") {
                    if u[j] == UInt8(ascii: "\\") { j += 1 }
                    j += 1
                }
                let valueEnd = min(j, n)
                try body(key, valueStart..<valueEnd)
                i = min(valueEnd + 1, n)
            } else {
                let valueStart = i
                while i < n, u[i] != ASCIIScan.space { i += 1 }
                try body(key, valueStart..<i)
            }
        }
    }

    /// The number at the start of `range` (`30000ms` → 30000, `0.5` → 0.5), ignoring a unit after it.
    static func leadingNumber(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var end = range.lowerBound
        if end < range.upperBound, u[end] == UInt8(ascii: "-") { end += 1 }
        while end < range.upperBound, ASCIIScan.isDigit(u[end]) || u[end] == UInt8(ascii: ".") { end += 1 }
        guard end > range.lowerBound else { return nil }
        return ASCIIScan.double(u, range.lowerBound..<end)
    }
}
