/// Reads when a heap dump was taken from its file name, when the name carries a time.
///
/// Recognised: ISO-8601 (`heap-2026-11-22T01:40:00.json`, also with `-` or `_` between the time's fields
/// and an optional `Z` or offset), compact (`heap-20261122-014000.json`, `20261122T014000`), and Unix
/// seconds or milliseconds (`heap-1795311506.json`). Times without an offset are read in `zone`.
enum HeapSnapshotTime {
    static func fromFileName(_ name: String, zone: ZoneRule) -> Timestamp? {
        let u = Array(name.utf8)
        var i = 0
        while i < u.count {
            if isDigit(u[i]), i == 0 || !isDigit(u[i - 1]) {
                if let ts = iso(u, at: i, zone: zone) ?? compact(u, at: i, zone: zone) ?? unix(u, at: i) { return ts }
            }
            i += 1
        }
        return nil
    }

    /// The process id in names such as `heap-pid1234.json` or `heap.pid-1234.json`.
    static func pid(fromFileName name: String) -> Int? {
        let u = Array(name.lowercased().utf8)
        var i = 0
        while i + 3 < u.count {
            if u[i] == UInt8(ascii: "p"), u[i + 1] == UInt8(ascii: "i"), u[i + 2] == UInt8(ascii: "d") {
                var k = i + 3
                if k < u.count, u[k] == UInt8(ascii: "-") || u[k] == UInt8(ascii: "_") || u[k] == UInt8(ascii: "=") {
                    k += 1
                }
                let start = k
                while k < u.count, isDigit(u[k]) { k += 1 }
                if k > start, k - start <= 9 { return number(u, start, k - start) }
            }
            i += 1
        }
        return nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func number(_ u: [UInt8], _ at: Int, _ n: Int) -> Int? {
        guard at + n <= u.count else { return nil }
        var v = 0
        for k in at..<(at + n) {
            guard isDigit(u[k]) else { return nil }
            v = v * 10 + Int(u[k] - 0x30)
        }
        return v
    }

    private static func runLength(_ u: [UInt8], _ at: Int) -> Int {
        var k = at
        while k < u.count, isDigit(u[k]) { k += 1 }
        return k - at
    }

    private static func valid(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Bool {
        (1990...2200).contains(y) && (1...12).contains(mo) && (1...31).contains(d) && h < 24 && mi < 60 && s < 61
    }

    /// `2026-11-22T01:40:00[.123][Z|+09:00]`, separators `T`, `_`, `-` or space; `:` or `-` within the time.
    private static func iso(_ u: [UInt8], at i: Int, zone: ZoneRule) -> Timestamp? {
        guard runLength(u, i) == 4, i + 10 <= u.count, u[i + 4] == 0x2D, u[i + 7] == 0x2D,
            let y = number(u, i, 4), let mo = number(u, i + 5, 2), let d = number(u, i + 8, 2)
        else { return nil }
        var k = i + 10
        var h = 0
        var mi = 0
        var s = 0
        var ms = 0
        let timeSeparators: Set<UInt8> = [0x54, 0x5F, 0x2D, 0x20]
        if k + 9 <= u.count, timeSeparators.contains(u[k]), let hh = number(u, k + 1, 2),
            u[k + 3] == 0x3A || u[k + 3] == 0x2D, let mm = number(u, k + 4, 2),
            u[k + 6] == 0x3A || u[k + 6] == 0x2D, let ss = number(u, k + 7, 2)
        {
            (h, mi, s) = (hh, mm, ss)
            k += 9
            if k + 1 < u.count, u[k] == 0x2E, isDigit(u[k + 1]) {
                let n = runLength(u, k + 1)
                if let frac = number(u, k + 1, min(n, 3)) { ms = frac * [100, 10, 1][min(n, 3) - 1] }
                k += 1 + n
            }
        } else if k + 7 <= u.count, timeSeparators.contains(u[k]), runLength(u, k + 1) == 6,
            let hh = number(u, k + 1, 2), let mm = number(u, k + 3, 2), let ss = number(u, k + 5, 2)
        {
            (h, mi, s) = (hh, mm, ss)
            k += 7
        }
        guard valid(y, mo, d, h, mi, s) else { return nil }
        var offset: Int?
        if k < u.count, u[k] == UInt8(ascii: "Z") {
            offset = 0
        } else if k + 3 <= u.count, u[k] == 0x2B || u[k] == 0x2D, runLength(u, k + 1) >= 2,
            let oh = number(u, k + 1, 2)
        {
            // `+09:00` or `+0900`; a `-` must be followed by `hh:mm`, since `-1234` may be the next field of the
            // name (a pid) rather than an offset.
            var om: Int?
            if k + 6 <= u.count, u[k + 3] == 0x3A, runLength(u, k + 4) == 2 {
                om = number(u, k + 4, 2)
            } else if u[k] == 0x2B, runLength(u, k + 1) == 4 {
                om = number(u, k + 3, 2)
            } else if u[k] == 0x2B, runLength(u, k + 1) == 2 {
                om = 0
            }
            if let om, oh <= 14, om < 60 {
                offset = (u[k] == 0x2D ? -1 : 1) * (oh * 3600 + om * 60)
            }
        }
        return Timestamp(
            year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms, utcOffsetSeconds: offset,
            zone: zone)
    }

    /// `20261122-014000`, `20261122T014000`, `20261122_014000`.
    private static func compact(_ u: [UInt8], at i: Int, zone: ZoneRule) -> Timestamp? {
        guard runLength(u, i) == 8, i + 15 <= u.count, [0x2D, 0x54, 0x5F].contains(u[i + 8]),
            runLength(u, i + 9) == 6, let y = number(u, i, 4), let mo = number(u, i + 4, 2),
            let d = number(u, i + 6, 2), let h = number(u, i + 9, 2), let mi = number(u, i + 11, 2),
            let s = number(u, i + 13, 2), valid(y, mo, d, h, mi, s)
        else { return nil }
        let utc = i + 15 < u.count && u[i + 15] == UInt8(ascii: "Z")
        return Timestamp(
            year: y, month: mo, day: d, hour: h, minute: mi, second: s, utcOffsetSeconds: utc ? 0 : nil, zone: zone)
    }

    /// Ten digits of Unix seconds (2001–2286) or thirteen of milliseconds.
    private static func unix(_ u: [UInt8], at i: Int) -> Timestamp? {
        let n = runLength(u, i)
        guard n == 10 || n == 13, u[i] != 0x30, let v = number(u, i, n) else { return nil }
        return n == 10 ? Timestamp(milliseconds: Int64(v) * 1000) : Timestamp(milliseconds: Int64(v))
    }
}
