/// Walks the `key=value` pairs of a logfmt message in place: Heroku router and runtime-metrics lines, memory
/// lines of sampling loops, lograge's key=value formatter.
///
/// `at=error code=H12 desc="Request timeout" method=GET path="/a b" dyno=web.2 service=30000ms`: values run
/// to the next space, or are quoted (the quotes are not part of the value). Words without `=` are passed over.
/// Works on the bytes of one line; nothing is copied. A caller that reads a value past its first space (a time
/// written with spaces) moves `index` on by itself.
struct LogfmtScanner {
    /// How a value may be quoted.
    enum Quoting {
        /// `desc="Request timeout"`: to the next `"` that no backslash escapes (`\"` inside stays as is).
        case double
        /// lograge's `error='RuntimeError: boom'`: to the `'` that ends the line or is followed by a space.
        case single
    }

    /// One pair: the byte ranges of its key and value, and whether the value was quoted.
    struct Pair {
        var key: Range<Int>
        var value: Range<Int>
        var quoted: Bool
    }

    private let u: UnsafeBufferPointer<UInt8>
    private let end: Int
    private let quoting: Quoting
    /// Where the next pair is looked for.
    var index: Int

    /// A scanner of `u[start..<end]` (`end` defaults to the end of the line).
    init(_ u: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil, quoting: Quoting = .double) {
        self.u = u
        self.end = end ?? u.count
        self.quoting = quoting
        index = start
    }

    /// Calls `body` with the byte ranges of each key and value from `start` on.
    static func forEachPair(
        _ u: UnsafeBufferPointer<UInt8>, from start: Int = 0,
        _ body: (_ key: Range<Int>, _ value: Range<Int>) throws -> Void
    ) rethrows {
        var scanner = LogfmtScanner(u, from: start)
        while let pair = scanner.next() { try body(pair.key, pair.value) }
    }

    /// The next pair, or nil at the end.
    @inline(__always)
    mutating func next() -> Pair? {
        while index < end {
            while index < end, u[index] == ASCIIScan.space { index += 1 }
            let keyStart = index
            while index < end, u[index] != ASCIIScan.space, u[index] != UInt8(ascii: "=") { index += 1 }
            guard index < end, u[index] == UInt8(ascii: "="), index > keyStart else {
                // A bare word: skip to the next space.
                while index < end, u[index] != ASCIIScan.space { index += 1 }
                continue
            }
            let key = keyStart..<index
            index += 1
            if let value = quotedValue() { return Pair(key: key, value: value, quoted: true) }
            let valueStart = index
            while index < end, u[index] != ASCIIScan.space { index += 1 }
            return Pair(key: key, value: valueStart..<index, quoted: false)
        }
        return nil
    }

    /// The quoted value at `index`, without its quotes; nil when the value is not quoted.
    @inline(__always)
    private mutating func quotedValue() -> Range<Int>? {
        guard index < end else { return nil }
        var j = index + 1
        switch quoting {
        case .double:
            guard u[index] == UInt8(ascii: "\"") else { return nil }
            while j < end, u[j] != UInt8(ascii: "\"") {
                if u[j] == UInt8(ascii: "\\") { j += 1 }
                j += 1
            }
        case .single:
            guard u[index] == UInt8(ascii: "'") else { return nil }
            while j < end, !(u[j] == UInt8(ascii: "'") && (j + 1 == end || u[j + 1] == ASCIIScan.space)) { j += 1 }
        }
        let valueEnd = min(j, end)
        let value = (index + 1)..<valueEnd
        index = min(valueEnd + 1, end)
        return value
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
