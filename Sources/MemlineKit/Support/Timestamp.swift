import Foundation

/// An instant in UTC with millisecond precision: the one way memline stores time.
///
/// Stored in SQLite as ISO-8601 text, `2026-11-22T01:38:20.000Z`: sortable as text,
/// readable in query output, and understood by SQLite's date functions.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(date: Date) {
        self.milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// An instant from seconds since 1970; a value beyond years 0001–9999 (or not finite) is held at that range's
    /// nearest end, so that no input traps. Parsers use `init?(checkedSeconds:)` and skip such lines instead.
    public init(secondsSince1970 seconds: Double) {
        let range = Timestamp.storableMilliseconds
        let value = (seconds * 1000).isNaN ? 0 : seconds * 1000
        let ms = min(max(value, Double(range.lowerBound)), Double(range.upperBound))
        self.milliseconds = Int64(ms.rounded())
    }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public func adding(milliseconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + delta) }
}

extension Timestamp {
    /// The UTC instant of a civil (wall-clock) time read in `zone`.
    ///
    /// Logs such as Ruby's `Logger` print no zone; `--tz` says which zone their wall clock was in.
    /// - Parameters:
    ///   - utcOffsetSeconds: a fixed offset printed in the line itself, which wins over `zone`.
    public init(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int = 0,
        utcOffsetSeconds: Int? = nil, zone: ZoneRule = .utc
    ) {
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let local = (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)) * 1000 + Int64(millisecond)
        if let offset = utcOffsetSeconds {
            self.milliseconds = local - Int64(offset) * 1000
        } else {
            self.milliseconds = local - Int64(zone.offsetSeconds(forLocalMilliseconds: local)) * 1000
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `2026-11-22T01:38:20.000Z`
    public var iso8601: String {
        withISO8601Bytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the 24 bytes of `iso8601`, formatted on the stack: the ingest hot path binds
    /// them to SQLite without making a String.
    public func withISO8601Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var ms = milliseconds
        var days = Int(ms / 86_400_000)
        ms %= 86_400_000
        if ms < 0 {
            ms += 86_400_000
            days -= 1
        }
        let (y, mo, d) = Timestamp.civilFromDays(days)
        let msOfDay = Int(ms)
        let h = msOfDay / 3_600_000
        let mi = msOfDay / 60_000 % 60
        let s = msOfDay / 1000 % 60
        let f = msOfDay % 1000
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { out in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[i] = 48 + UInt8(truncatingIfNeeded: v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0)
            out[4] = 45
            put(mo, 2, at: 5)
            out[7] = 45
            put(d, 2, at: 8)
            out[10] = 84
            put(h, 2, at: 11)
            out[13] = 58
            put(mi, 2, at: 14)
            out[16] = 58
            put(s, 2, at: 17)
            out[19] = 46
            put(f, 3, at: 20)
            out[23] = 90
            return try body(UnsafeBufferPointer(out))
        }
    }
}

extension Timestamp: CustomStringConvertible {
    public var description: String { iso8601 }
}
