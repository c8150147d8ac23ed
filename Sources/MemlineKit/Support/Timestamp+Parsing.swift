import Foundation

extension Timestamp {
    /// Parses ISO-8601-like times: `2026-11-22T01:38:20.123Z`, `2026-11-22 01:38:20 +0900`,
    /// `2026-11-22T01:38:20.561422` (no offset: read in `zone`), `2026-11-22` (midnight).
    ///
    /// Fast enough for the ingest hot path: works on UTF-8 bytes, no Foundation formatter.
    /// - Returns: nil when `text` does not start with such a time.
    public static func parseISO(_ text: some StringProtocol, zone: ZoneRule = .utc) -> Timestamp? {
        var copy = String(text)
        return copy.withUTF8 { parseISO(bytes: $0, zone: zone)?.timestamp }
    }

    /// As `parseISO`, also returning how many bytes the time took.
    public static func parseISO(bytes u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> (
        timestamp: Timestamp, length: Int
    )? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = u[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count, u[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var millis = 0
        if i < u.count, u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: " "), i + 1 < u.count, u[i + 1] >= 48,
            u[i + 1] <= 57
        {
            i += 1
            guard let h = digits(2), expect(58), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if expect(58) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < u.count, u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: ",") {
                    i += 1
                    var scale = 100
                    var frac = 0
                    while i < u.count, u[i] >= 48, u[i] <= 57 {
                        frac += Int(u[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    millis = frac
                }
            }
        }
        var offset: Int?
        if i < u.count {
            let save = i
            if u[i] == UInt8(ascii: " ") { i += 1 }
            if i < u.count, u[i] == UInt8(ascii: "Z") {
                offset = 0
                i += 1
            } else if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
                let negative = u[i] == UInt8(ascii: "-")
                i += 1
                if let h = digits(2) {
                    _ = expect(58)
                    let m = digits(2) ?? 0
                    offset = (negative ? -1 : 1) * (h * 3600 + m * 60)
                } else {
                    i = save
                }
            } else if i + 2 < u.count, u[i] == UInt8(ascii: "U"), u[i + 1] == UInt8(ascii: "T"),
                u[i + 2] == UInt8(ascii: "C")
            {
                offset = 0
                i += 3
            } else {
                i = save
            }
        }
        let ts = Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millis,
            utcOffsetSeconds: offset, zone: zone)
        return (ts, i)
    }

    /// Parses a time given on the command line: ISO-8601 as above, or Unix seconds (`1795311506.5`).
    public static func parseUserInput(_ text: String, zone: ZoneRule = .utc) -> Timestamp? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(t), t.count >= 9 { return Timestamp(checkedSeconds: seconds) }
        var copy = t
        // The whole text must be a time: "2026-11-21T10:00:00Zoops" is a typo, not 10:00.
        return copy.withUTF8 { bytes in
            guard let parsed = parseISO(bytes: bytes, zone: zone), parsed.length == bytes.count else { return nil }
            return parsed.timestamp
        }
    }
}
