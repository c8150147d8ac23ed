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
        var scanner = ISOTimeScanner(u)
        guard let parts = scanner.parts() else { return nil }
        let ts = Timestamp(
            year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute,
            second: parts.second, millisecond: parts.millisecond, utcOffsetSeconds: parts.utcOffsetSeconds,
            zone: zone)
        return (ts, scanner.index)
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
