/// The one decoder of JSON string escapes, shared by every JSON reader of the ingest.
///
/// Works on the bytes between a string's quotes, as the byte scanners find them: `\"`, `\\`, `\/`, `\n`, `\t`,
/// `\r`, `\b`, `\f`, `\u00e9` and surrogate pairs (`\ud83d\ude00`). What JSON does not allow is read, not refused,
/// since one odd string should not cost a line: another escaped byte reads as itself (`\x` → `x`), a `\u`
/// without four hex digits or a lone surrogate as U+FFFD, a backslash that ends the bytes as a backslash.
enum JSONEscapes {
    /// The text of `s` with its escapes decoded.
    static func text(_ s: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: decode(s), as: UTF8.self)
    }

    /// The UTF-8 bytes of `s` with its escapes decoded.
    /// - Parameters:
    ///   - limit: stop once this many bytes are written (the last character may pass it), for callers that keep
    ///     only a prefix of a long string.
    static func decode(_ s: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(s.count, limit))
        var i = 0
        while i < s.count, out.count < limit {
            let c = s[i]
            guard c == UInt8(ascii: "\\"), i + 1 < s.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = s[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"): i = appendUnicode(s, from: i, to: &out)
            default: out.append(e)
            }
        }
        return out
    }

    /// Decodes the four hex digits after a `\u` at `i` (and the low half of a surrogate pair after them) into
    /// `out`; returns the index after what it read.
    private static func appendUnicode(_ s: UnsafeBufferPointer<UInt8>, from start: Int, to out: inout [UInt8]) -> Int {
        var i = start
        guard var scalar = hex4(s, i) else {
            UTF8.encode("\u{FFFD}") { out.append($0) }
            return i
        }
        i += 4
        if (0xD800..<0xDC00).contains(scalar), i + 6 <= s.count, s[i] == UInt8(ascii: "\\"),
            s[i + 1] == UInt8(ascii: "u"), let low = hex4(s, i + 2), (0xDC00..<0xE000).contains(low)
        {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            i += 6
        }
        UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
        return i
    }

    /// The four hex digits at `i` as a number; nil when there are fewer.
    private static func hex4(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32? {
        guard i + 4 <= s.count else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            let c = s[k]
            switch c {
            case 0x30...0x39: v = v << 4 | UInt32(c - 0x30)
            case 0x61...0x66: v = v << 4 | UInt32(c - 0x61 + 10)
            case 0x41...0x46: v = v << 4 | UInt32(c - 0x41 + 10)
            default: return nil
            }
        }
        return v
    }
}
