import Foundation

/// How to turn a wall-clock time without a printed offset into UTC.
///
/// `utc` and fixed offsets need no lookup; a named zone (`Europe/Berlin`) follows its
/// daylight-saving rules through Foundation's `TimeZone`.
public struct ZoneRule: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Hashable {
        case fixed(Int)
        case named(TimeZone)
    }
    let kind: Kind

    public static let utc = ZoneRule(kind: .fixed(0))

    private init(kind: Kind) { self.kind = kind }

    public static func fixed(seconds: Int) -> ZoneRule { ZoneRule(kind: .fixed(seconds)) }

    /// Parses `UTC`, `Z`, `+09:00`, `-0500` or an IANA name such as `America/New_York`.
    /// - Returns: nil when the text names no zone.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if ["utc", "z", "gmt"].contains(t.lowercased()) {
            self.init(kind: .fixed(0))
            return
        }
        if let offset = ZoneRule.parseOffset(t) {
            self.init(kind: .fixed(offset))
            return
        }
        guard let zone = TimeZone(identifier: t) else { return nil }
        self.init(kind: .named(zone))
    }

    /// Parses `+09:00`, `+0900`, `-05`, returning seconds east of UTC.
    public static func parseOffset(_ text: some StringProtocol) -> Int? {
        let u = Array(text.utf8)
        guard let sign = u.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = u.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let d = digits.map { Int($0 - 48) }
        let hours = d[0] * 10 + d[1]
        let minutes = d.count == 4 ? d[2] * 10 + d[3] : 0
        let total = hours * 3600 + minutes * 60
        return sign == UInt8(ascii: "-") ? -total : total
    }

    /// The offset to subtract from a local wall-clock time (in ms since the epoch, read as if UTC).
    func offsetSeconds(forLocalMilliseconds local: Int64) -> Int {
        switch kind {
        case .fixed(let seconds):
            return seconds
        case .named(let zone):
            // First guess with the offset at the local instant read as UTC, then correct once.
            let guess = Date(timeIntervalSince1970: Double(local) / 1000)
            let first = zone.secondsFromGMT(for: guess)
            let corrected = Date(timeIntervalSince1970: Double(local) / 1000 - Double(first))
            return zone.secondsFromGMT(for: corrected)
        }
    }

    public var description: String {
        switch kind {
        case .fixed(0): return "UTC"
        case .fixed(let s):
            let sign = s < 0 ? "-" : "+"
            let a = abs(s)
            return String(format: "%@%02d:%02d", sign, a / 3600, a / 60 % 60)
        case .named(let zone): return zone.identifier
        }
    }
}

extension ZoneRule {
    /// Seconds east of UTC at the UTC instant `ts`, for showing times in this zone.
    public func offsetSeconds(atUTC ts: Timestamp) -> Int {
        switch kind {
        case .fixed(let seconds): return seconds
        case .named(let zone): return zone.secondsFromGMT(for: ts.date)
        }
    }

    /// `2026-11-22 09:42:30 +08:00` (or `… UTC`), how reports show a time.
    public func display(_ ts: Timestamp, seconds: Bool = true) -> String {
        let offset = offsetSeconds(atUTC: ts)
        let local = ts.adding(milliseconds: Int64(offset) * 1000).iso8601
        let chars = Array(local)
        let text = String(chars[0..<10]) + " " + String(chars[11..<(seconds ? 19 : 16)])
        if offset == 0, description == "UTC" { return text + " UTC" }
        return text + " " + ZoneRule.fixed(seconds: offset).description
    }
}
