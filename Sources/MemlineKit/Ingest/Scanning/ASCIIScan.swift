import Foundation

/// Byte-level helpers shared by the line parsers: numbers, whitespace fields, case-insensitive compares.
///
/// Everything works on a line's UTF-8 bytes in place (no `String` per field, no Foundation
/// formatter), which keeps parsers at millions of lines per second.
enum ASCIIScan {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == space || c == tab }

    /// The byte ranges of the whitespace-separated fields of `u` (spaces and tabs).
    static func fields(_ u: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> [Range<Int>] {
        var result: [Range<Int>] = []
        result.reserveCapacity(12)
        var i = start
        let n = u.count
        while i < n {
            while i < n, isSpace(u[i]) { i += 1 }
            if i == n { break }
            let s = i
            while i < n, !isSpace(u[i]) { i += 1 }
            result.append(s..<i)
        }
        return result
    }

    /// A non-negative or negative decimal integer filling all of `range`, or nil.
    static func int(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        guard i < range.upperBound else { return nil }
        var negative = false
        if u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") {
            negative = u[i] == UInt8(ascii: "-")
            i += 1
            guard i < range.upperBound else { return nil }
        }
        guard range.upperBound - i <= 18 else { return nil }
        var value = 0
        while i < range.upperBound {
            let c = u[i]
            guard isDigit(c) else { return nil }
            value = value * 10 + Int(c &- 48)
            i += 1
        }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = [
        1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// A decimal number filling all of `range` (`42`, `-0.5`, `1e3`, `771.00`), or nil.
    ///
    /// Correctly rounded: up to 15 significant digits it divides two exact doubles (one IEEE
    /// rounding); anything longer or with an exponent goes through `Double(String)`.
    static func double(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var i = range.lowerBound
        let end = range.upperBound
        guard i < end else { return nil }
        var negative = false
        if u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") {
            negative = u[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDot = false
        var sawDigit = false
        while i < end {
            let c = u[i]
            if isDigit(c) {
                sawDigit = true
                if mantissa != 0 || c != 48 { digits += 1 }
                if digits > 15 { return slowDouble(u, range) }
                mantissa = mantissa * 10 + Int64(c &- 48)
                if sawDot { fractionDigits += 1 }
            } else if c == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                return sawDigit ? slowDouble(u, range) : nil
            } else {
                return nil
            }
            i += 1
        }
        guard sawDigit, fractionDigits < powersOfTen.count else { return nil }
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    private static func slowDouble(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(rebasing: u[range]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Whether the bytes in `range` equal `word` (ASCII), ignoring case.
    static func equalsIgnoringCase(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<range.count where u[range.lowerBound + k] | 0x20 != w[k] | 0x20 {
            return false
        }
        return true
    }

    /// Whether `u` has `word` (ASCII, exact case) at `offset`.
    static func hasPrefix(_ u: UnsafeBufferPointer<UInt8>, _ word: StaticString, at offset: Int = 0) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= u.count else { return false }
        let w = word.utf8Start
        for k in 0..<count where u[offset + k] != w[k] { return false }
        return true
    }

    /// Whether `u` contains `word` (ASCII, exact case) anywhere at or after `offset`.
    static func contains(_ u: UnsafeBufferPointer<UInt8>, _ word: StaticString, from offset: Int = 0) -> Bool {
        let count = word.utf8CodeUnitCount
        guard count > 0, u.count >= count else { return false }
        let first = word.utf8Start[0]
        var i = offset
        while i + count <= u.count {
            if u[i] == first, hasPrefix(u, word, at: i) { return true }
            i += 1
        }
        return false
    }

    /// The text of `range`, decoded as UTF-8.
    @inline(__always) static func string(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: u[range]), as: UTF8.self)
    }

    /// `range` without leading and trailing spaces and tabs.
    static func trimmed(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, isSpace(u[lo]) { lo += 1 }
        while hi > lo, isSpace(u[hi - 1]) { hi -= 1 }
        return lo..<hi
    }
}
