/// The parts of one line written by Ruby's `Logger` (its default `Logger::Formatter`), as byte offsets.
///
/// `I, [2024-12-15T22:40:07.689566 #48158]  INFO -- : message` is severity letter, local time *without*
/// a zone (read it with `ParseContext.zone`), pid, level, an optional progname before `: `, then the
/// message. Older Rubies print `[2017-07-26T10:00:01.123456#7551]` (no space before `#`); both are read.
/// A line without the prefix (Rails' `SimpleFormatter`, a continuation line) parses with `hasPrefix`
/// false and the message starting at 0, so callers handle both alike.
///
/// Rails' tagged logging puts `[tag] ` groups at the start of the message (`[2ffd7a51-…] Started GET …`);
/// `bodyStart` is where the message goes on after them and `requestIDTag` picks the request id among them.
///
/// The offsets are only meaningful with the buffer that was parsed (inside `String.withUTF8`); nothing
/// is copied until a field is asked for.
public struct RubyLoggerLine: Sendable {
    /// `D`, `I`, `W`, `E`, `F` or `A`; nil when the line has no Logger prefix.
    public var severity: UInt8?
    /// The bytes of the time between `[` and `#`.
    public var timeRange: Range<Int>?
    public var pid: Int?
    /// The progname between `-- ` and `: `, when one was given.
    public var prognameRange: Range<Int>?
    /// Where the message starts: after the prefix, or 0 for a line without one.
    public var messageStart: Int
    /// Where the message goes on after its `[tag] ` groups (equal to `messageStart` when it has none).
    public var bodyStart: Int

    public var hasPrefix: Bool { severity != nil }

    /// Splits `u` into prefix fields, tags and message.
    public init(parsing u: UnsafeBufferPointer<UInt8>) {
        severity = nil
        timeRange = nil
        pid = nil
        prognameRange = nil
        messageStart = 0
        if let parsed = RubyLoggerLine.prefix(u) {
            severity = u[0]
            timeRange = parsed.time
            pid = parsed.pid
            prognameRange = parsed.progname
            messageStart = parsed.message
        }
        bodyStart = RubyLoggerLine.tagsEnd(in: u, from: messageStart)
    }

    /// The time of the prefix, read in `zone` (the Logger prints local time without an offset).
    public func timestamp(in u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> Timestamp? {
        guard let range = timeRange else { return nil }
        return Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[range]), zone: zone)?.timestamp
    }

    /// The request id among the tags: the first tag of 16+ characters from `A-Z a-z 0-9 - _ .` that
    /// holds a digit (a UUID, a 32-hex id, Heroku's request id), not an IP address or a word.
    public func requestIDTag(in u: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        RubyLoggerLine.requestIDTag(in: u, tags: messageStart..<bodyStart)
    }

    /// As the instance method, for the `[tag] ` groups found in `tags` (after another kind of prefix).
    static func requestIDTag(in u: UnsafeBufferPointer<UInt8>, tags: Range<Int>) -> Range<Int>? {
        var i = tags.lowerBound
        while i < tags.upperBound {
            // u[i] is '[' and the tag runs to the next "] ".
            var j = i + 1
            while j < tags.upperBound, u[j] != UInt8(ascii: "]") { j += 1 }
            let tag = (i + 1)..<j
            if tag.count >= 16, tag.count <= 200 {
                var ok = true
                var digit = false
                for k in tag {
                    let c = u[k]
                    if c >= 48, c <= 57 {
                        digit = true
                    } else if !((c | 0x20) >= 97 && (c | 0x20) <= 122) && c != UInt8(ascii: "-")
                        && c != UInt8(ascii: "_") && c != UInt8(ascii: ".")
                    {
                        ok = false
                        break
                    }
                }
                if ok, digit { return tag }
            }
            i = j + 2
        }
        return nil
    }

    /// The end of the `[tag] ` groups that start at `from`.
    static func tagsEnd(in u: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        while i < u.count, u[i] == UInt8(ascii: "[") {
            var j = i + 1
            // A tag holds no space-bracket pair and stays short; ANSI colour codes (ESC[…m) never start here.
            while j < u.count, j - i < 256, u[j] != UInt8(ascii: "]") { j += 1 }
            guard j + 1 < u.count, u[j] == UInt8(ascii: "]"), u[j + 1] == 0x20 else { break }
            i = j + 2
        }
        return i
    }

    private static func prefix(_ u: UnsafeBufferPointer<UInt8>)
        -> (time: Range<Int>, pid: Int?, progname: Range<Int>?, message: Int)?
    {
        guard u.count >= 8, isSeverity(u[0]), u[1] == UInt8(ascii: ","), u[2] == 0x20, u[3] == UInt8(ascii: "[")
        else { return nil }
        // The time runs to '#' (custom datetime formats may hold spaces), the pid to ']'.
        var i = 4
        while i < u.count, i < 64, u[i] != UInt8(ascii: "#"), u[i] != UInt8(ascii: "]") { i += 1 }
        guard i < u.count, i < 64 else { return nil }
        var timeEnd = i
        while timeEnd > 4, u[timeEnd - 1] == 0x20 { timeEnd -= 1 }
        var pid: Int?
        if u[i] == UInt8(ascii: "#") {
            i += 1
            var value = 0
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57, i - start < 10 {
                value = value * 10 + Int(u[i] - 48)
                i += 1
            }
            if i > start { pid = value }
            // Thread-aware formatters print `#48158:70123`; the pid is the first number.
            while i < u.count, i < 96, u[i] != UInt8(ascii: "]") { i += 1 }
        }
        guard i < u.count, u[i] == UInt8(ascii: "]") else { return nil }
        i += 1
        // `%5s -- %s: `: the level, padded to 5, then " -- ", the progname and ": ".
        var scanner = ByteScanner(u, at: i)
        guard let dashes = scanner.find(" -- ", before: min(u.count, i + 16)) else {
            scanner.skipSpaces()
            while let c = scanner.current, c != 0x20 { scanner.position += 1 }
            scanner.skipSpaces()
            return (4..<timeEnd, pid, nil, scanner.position)
        }
        let prognameStart = dashes + 4
        guard let colon = scanner.find(": ", from: prognameStart) ?? (u.last == UInt8(ascii: ":") ? u.count - 1 : nil)
        else { return (4..<timeEnd, pid, nil, prognameStart) }
        let progname = colon > prognameStart ? prognameStart..<colon : nil
        return (4..<timeEnd, pid, progname, min(colon + 2, u.count))
    }

    @inline(__always) private static func isSeverity(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "I") || c == UInt8(ascii: "D") || c == UInt8(ascii: "W") || c == UInt8(ascii: "E")
            || c == UInt8(ascii: "F") || c == UInt8(ascii: "A")
    }
}
