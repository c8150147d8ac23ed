/// A cursor over the UTF-8 bytes of one line, for parsers on the ingest hot path.
///
/// Valid only inside the `withUTF8` closure that lent the buffer. Every read either advances past
/// what it matched or leaves the cursor where it was.
struct ByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }
    var remaining: Int { bytes.count - position }

    /// The byte at the cursor, or nil at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Whether the bytes at `offset` spell `literal` (ASCII).
    func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard offset >= 0, offset + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where bytes[offset + k] != p[k] { return false }
        return true
    }

    /// Consumes `literal` when the cursor is on it.
    mutating func skip(_ literal: StaticString) -> Bool {
        guard matches(literal, at: position) else { return false }
        position += literal.utf8CodeUnitCount
        return true
    }

    /// Consumes one byte when it is `byte`.
    mutating func skip(byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    /// The offset of the first `literal` at or after `from` (and before `limit`), or nil.
    func find(_ literal: StaticString, from: Int? = nil, before limit: Int? = nil) -> Int? {
        let n = literal.utf8CodeUnitCount
        let end = min(limit ?? bytes.count, bytes.count)
        guard n > 0 else { return from ?? position }
        let first = literal.utf8Start[0]
        var i = from ?? position
        while i + n <= end {
            if bytes[i] == first, matches(literal, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The offset of the first `byte` at or after `from`, or nil.
    func find(byte: UInt8, from: Int? = nil) -> Int? {
        var i = from ?? position
        while i < bytes.count {
            if bytes[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// Reads an optionally signed run of decimal digits.
    mutating func readInt() -> Int? {
        var i = position
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        let digitsStart = i
        var value = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, i - digitsStart < 18 {
            value = value * 10 + Int(bytes[i] - 48)
            i += 1
        }
        guard i > digitsStart else { return nil }
        position = i
        return negative ? -value : value
    }

    /// Reads an optionally signed decimal number such as `21.9`, `-3` or `0.22699`.
    mutating func readDecimal() -> Double? {
        let save = position
        var negative = false
        if skip(byte: UInt8(ascii: "-")) { negative = true }
        let intStart = position
        var whole: Int64 = 0
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57, position - intStart < 18 {
            whole = whole * 10 + Int64(bytes[position] - 48)
            position += 1
        }
        var value = Double(whole)
        var sawDigit = position > intStart
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), bytes[position + 1] >= 48,
            bytes[position + 1] <= 57
        {
            // Whole and fraction as one integer over a power of ten: 0.3 reads as 0.3, not 0.30000000000000004.
            position += 1
            var mantissa = whole
            var scale: Int64 = 1
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                if scale < 1_000_000_000_000, mantissa <= (Int64.max - 9) / 10 {
                    mantissa = mantissa * 10 + Int64(bytes[position] - 48)
                    scale *= 10
                }
                position += 1
            }
            value = Double(mantissa) / Double(scale)
            sawDigit = true
        }
        guard sawDigit else {
            position = save
            return nil
        }
        return negative ? -value : value
    }

    /// The text of `range` as a String.
    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `range` without leading and trailing spaces and tabs.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        return lo..<hi
    }
}
