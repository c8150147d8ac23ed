/// Reads the parts of an ISO-8601-like time from its UTF-8 bytes, left to right (see `Timestamp.parseISO`).
///
/// A value type over the caller's buffer, its small readers inlined: it runs once per line of most logs.
struct ISOTimeScanner {
    /// The parts read, in the calendar and offset as written.
    struct Parts {
        var year: Int
        var month: Int
        var day: Int
        var hour = 0
        var minute = 0
        var second = 0
        var millisecond = 0
        /// nil when the text names no offset: the time is read in the caller's zone.
        var utcOffsetSeconds: Int?
    }

    private let u: UnsafeBufferPointer<UInt8>
    /// How many bytes the parts read so far took.
    private(set) var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { u = bytes }

    /// `2026-11-22`, then an optional time of day and an optional offset.
    /// - Returns: nil when the bytes do not start with a date, or hold a time of day that is cut short.
    mutating func parts() -> Parts? {
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var parts = Parts(year: year, month: month, day: day)
        guard timeOfDay(into: &parts) else { return nil }
        parts.utcOffsetSeconds = offset()
        return parts
    }

    /// `T01:38` or ` 01:38`, with optional seconds and a fraction (`:20.123`, `:20,561422`; milliseconds kept).
    /// - Returns: false when a time of day starts but is cut short; true when there is none (midnight).
    @inline(__always)
    private mutating func timeOfDay(into parts: inout Parts) -> Bool {
        guard index < u.count, u[index] == UInt8(ascii: "T") || u[index] == UInt8(ascii: " "), index + 1 < u.count,
            Self.isDigit(u[index + 1])
        else { return true }
        index += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2) else { return false }
        parts.hour = hour
        parts.minute = minute
        guard expect(0x3A) else { return true }
        guard let second = digits(2) else { return false }
        parts.second = second
        if index < u.count, u[index] == UInt8(ascii: ".") || u[index] == UInt8(ascii: ",") {
            index += 1
            var scale = 100
            var fraction = 0
            while index < u.count, Self.isDigit(u[index]) {
                fraction += Int(u[index] - 48) * scale
                scale /= 10
                index += 1
            }
            parts.millisecond = fraction
        }
        return true
    }

    /// `Z`, `UTC`, `+09:00`, `+0900` or `-05`, after an optional space; nil, with nothing read, when none follows.
    @inline(__always)
    private mutating func offset() -> Int? {
        guard index < u.count else { return nil }
        let save = index
        if u[index] == UInt8(ascii: " ") { index += 1 }
        if index < u.count, u[index] == UInt8(ascii: "Z") {
            index += 1
            return 0
        }
        if index < u.count, u[index] == UInt8(ascii: "+") || u[index] == UInt8(ascii: "-") {
            let negative = u[index] == UInt8(ascii: "-")
            index += 1
            if let hours = digits(2) {
                _ = expect(0x3A)
                let minutes = digits(2) ?? 0
                return (negative ? -1 : 1) * (hours * 3600 + minutes * 60)
            }
        } else if index + 2 < u.count, u[index] == UInt8(ascii: "U"), u[index + 1] == UInt8(ascii: "T"),
            u[index + 2] == UInt8(ascii: "C")
        {
            index += 3
            return 0
        }
        index = save
        return nil
    }

    /// Exactly `n` decimal digits as a number; nil, with nothing read, when fewer are there.
    @inline(__always)
    private mutating func digits(_ n: Int) -> Int? {
        guard index + n <= u.count else { return nil }
        var v = 0
        for k in 0..<n {
            let c = u[index + k]
            guard Self.isDigit(c) else { return nil }
            v = v * 10 + Int(c - 48)
        }
        index += n
        return v
    }

    @inline(__always)
    private mutating func expect(_ c: UInt8) -> Bool {
        guard index < u.count, u[index] == c else { return false }
        index += 1
        return true
    }

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
