/// A cursor over the UTF-8 bytes of one line, for parsers on the ingest hot path.
///
/// Valid only inside the `withUTF8` closure that lent the buffer. Every read either advances past
/// what it matched or leaves the cursor where it was. The byte-level work (literals, numbers, trimming) is
/// `ASCIIScan`'s; this adds the position.
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
        offset >= 0 && ASCIIScan.hasPrefix(bytes, literal, at: offset)
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
        while position < bytes.count, ASCIIScan.isSpace(bytes[position]) { position += 1 }
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
        let end = digitsEnd(from: position + (current == UInt8(ascii: "-") ? 1 : 0))
        guard let value = ASCIIScan.int(bytes, position..<end) else { return nil }
        position = end
        return value
    }

    /// Reads an optionally signed decimal number such as `21.9`, `-3` or `0.22699` (a dot is read only when a
    /// digit follows it: `12.` reads 12 and leaves the dot).
    mutating func readDecimal() -> Double? {
        var end = digitsEnd(from: position + (current == UInt8(ascii: "-") ? 1 : 0))
        if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "."), ASCIIScan.isDigit(bytes[end + 1]) {
            end = digitsEnd(from: end + 1)
        }
        guard let value = ASCIIScan.double(bytes, position..<end) else { return nil }
        position = end
        return value
    }

    /// The end of the run of digits starting at `start`.
    private func digitsEnd(from start: Int) -> Int {
        var i = start
        while i < bytes.count, ASCIIScan.isDigit(bytes[i]) { i += 1 }
        return i
    }

    /// The text of `range` as a String.
    func string(_ range: Range<Int>) -> String { ASCIIScan.string(bytes, range) }

    /// `range` without leading and trailing spaces and tabs.
    func trimmed(_ range: Range<Int>) -> Range<Int> { ASCIIScan.trimmed(bytes, range) }
}
