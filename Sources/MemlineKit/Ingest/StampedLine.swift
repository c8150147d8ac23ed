import Foundation

/// A line that starts with its time, then a message: a change log's (`2026-12-07 18:08:53 UTC deploy shop v3.14.0 …`)
/// or an app's own log line (`2026-12-07 15:02:50,606 INFO [app-1] …`).
///
/// The time is any stamp `date` prints (`SnapshotStamp`: ISO with or without a zone, `date -R`, `date`'s default),
/// alone or in brackets (`[2026-12-07 18:08:53] …`), and may be followed by `-`, `:` or `|`; an ISO time with its
/// fraction after a comma (Python's `logging`); or the prefix of Ruby's `Logger` (`I, [2026-12-07T18:09:13.859866
/// #13897]  INFO -- : flipper: …`, local time); any of them after a level (` INFO [2026-12-07 21:12:46] …`). A date without a time of day is not a stamp: a line must say when to
/// the second or minute.
struct StampedLine {
    var ts: Timestamp
    var message: String

    init?(_ text: String, zone: ZoneRule, near day: Int?) {
        // ` INFO [2026-12-07 21:12:46] …`: a level before the time.
        let split = text.split(separator: " ", maxSplits: 1)
        if split.count == 2, Self.levels.contains(String(split[0])) {
            self.init(split[1].trimmingCharacters(in: .whitespaces), zone: zone, near: day)
            return
        }
        if text.hasPrefix("I, [") || text.hasPrefix("W, [") || text.hasPrefix("E, [") {
            var parsed: (Timestamp, String)?
            var copy = text
            copy.withUTF8 { u in
                let line = RubyLoggerLine(parsing: u)
                guard line.hasPrefix, let ts = line.timestamp(in: u, zone: zone) else { return }
                parsed = (ts, String(decoding: UnsafeBufferPointer(rebasing: u[line.messageStart...]), as: UTF8.self))
            }
            guard let (ts, message) = parsed else { return nil }
            self.init(ts: ts, message: message)
            return
        }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let inside = String(text[text.index(after: text.startIndex)..<close])
            guard Self.saysTheTime(inside), let ts = SnapshotStamp.parse(inside, zone: zone, near: day) else {
                return nil
            }
            self.init(ts: ts, message: String(text[text.index(after: close)...]))
            return
        }
        // The longest run of leading words that reads as a time (`date -R` spans six words).
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        for count in stride(from: min(6, words.count - 1), through: 1, by: -1) {
            let stamp = words[0..<count].joined(separator: " ")
            guard Self.saysTheTime(stamp), let ts = SnapshotStamp.parse(stamp, zone: zone, near: day) else {
                continue
            }
            self.init(ts: ts, message: words[count...].joined(separator: " "))
            return
        }
        // `2026-12-07 15:02:50,606 INFO …`: an ISO time that runs into the message, its fraction after a comma.
        var copy = text
        let iso = copy.withUTF8 { Timestamp.parseISO(bytes: $0, zone: zone) }
        guard let iso, iso.length > 10, iso.length < text.utf8.count else { return nil }
        let rest = text.utf8.dropFirst(iso.length)
        guard rest.first == UInt8(ascii: " ") else { return nil }
        self.init(ts: iso.timestamp, message: String(Substring(rest)))
    }

    private init?(ts: Timestamp, message: String) {
        let trimmed = message.trimmingCharacters(in: .whitespaces)
        let rest = trimmed.first.map { "-:|".contains($0) } == true ? trimmed.dropFirst() : Substring(trimmed)
        let body = rest.trimmingCharacters(in: .whitespaces)
        guard body.contains(where: \.isLetter) else { return nil }
        self.ts = ts
        self.message = body
    }

    private static let levels: Set<String> = ["DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR"]

    /// A time of day (`18:08:53`) or Unix seconds: a bare date (`2026-12-07`) says only the day.
    private static func saysTheTime(_ stamp: String) -> Bool {
        stamp.contains(":") || (stamp.utf8.count >= 10 && stamp.allSatisfy(\.isNumber))
    }
}
