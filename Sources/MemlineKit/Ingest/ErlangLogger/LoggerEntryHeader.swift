/// The first line of an Erlang/Elixir log entry: its time, level, the logging process and where the message starts.
///
/// - OTP 21+ default formatter: `2026-12-06T09:11:03.589071+00:00 info: message` (the message may start on the next
///   line), or with a `[time," [",level,"] ",pid," ",msg]` template: `2026-01-02T03:04:05.123456+00:00 [notice] <0.9.0> …`,
///   or `[time," ",level," ",pid," ",mfa,"\n",msg]`: `… error <0.86.0> supervisor:do_restart/3:736`, the message below;
/// - Elixir's console Logger: `09:11:18.929 [error] message` (no date: `secondOfDay`/`millisecond` instead of `ts`);
/// - OTP's default file handler (legacy header, local time): `=SUPERVISOR REPORT==== 6-Dec-2026::13:09:58.748431 ===`,
///   the report on the lines below; PROGRESS is `info`, SUPERVISOR and CRASH are `error`.
struct LoggerEntryHeader: Equatable {
    var ts: Timestamp?
    /// For a time of day without a date (Elixir): seconds since midnight and the milliseconds.
    var secondOfDay: Int?
    var millisecond = 0
    var level: String
    /// The logging process as printed (`<0.9.0>`), when the format shows it.
    var pid: String?
    var message: Substring

    static let levels: Set<String> = [
        "emergency", "alert", "critical", "error", "warning", "warn", "notice", "info", "debug",
    ]

    init?(_ text: String, zone: ZoneRule) {
        if text.hasPrefix("=") {
            guard let legacy = Self.legacy(text, zone: zone) else { return nil }
            self = legacy
            return
        }
        var rest: Substring
        if let iso = text.utf8.withContiguousStorageIfAvailable({ Timestamp.parseISO(bytes: $0, zone: zone) }) ?? nil,
            iso.length < text.utf8.count
        {
            ts = iso.timestamp
            rest = Substring(text.utf8.dropFirst(iso.length))
        } else if let clock = text.firstMatch(of: #/^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) /#),
            let h = Int(clock.1), let m = Int(clock.2), let s = Int(clock.3), let ms = Int(clock.4), h < 24, m < 60,
            s < 61
        {
            secondOfDay = h * 3600 + m * 60 + s
            millisecond = ms
            rest = text[clock.range.upperBound...]
        } else {
            return nil
        }
        rest = rest.drop { $0 == " " }
        let word = rest.prefix { $0 != " " }
        if rest.first == "[", let close = rest.firstIndex(of: "]") {
            level = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        } else if Self.levels.contains(String(word)),
            rest[word.endIndex...].firstMatch(of: #/^ <\d+\.\d+\.\d+>(?: |$)/#) != nil
        {
            // A `[time," ",level," ",pid," ",mfa,"\n",msg]` template: the level alone, then the Erlang pid (other
            // services print `TIME info …` too).
            level = String(word)
            rest = rest[word.endIndex...]
        } else if let colon = rest.firstIndex(of: ":") {
            level = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        } else {
            return nil
        }
        guard Self.levels.contains(level), rest.isEmpty || rest.first == " " else { return nil }
        rest = rest.drop { $0 == " " }
        if let pid = rest.firstMatch(of: #/^<\d+\.\d+\.\d+>(?: |$)/#) {
            self.pid = String(rest[pid.range].filter { $0 != " " })
            rest = rest[pid.range.upperBound...]
        }
        // Where the entry was logged (`supervisor:do_restart/3:736`, the template's `mfa`), alone on the line: the
        // message is on the lines below.
        message = rest.wholeMatch(of: #/[a-z][A-Za-z0-9_@.]*:[A-Za-z0-9_'-]+/\d+(?::\d+)?\s*/#) == nil ? rest : ""
    }

    private init(ts: Timestamp, level: String) {
        self.ts = ts
        self.level = level
        message = ""
    }

    /// `=INFO REPORT==== 6-Dec-2026::13:09:45.658886 ===`: the kind of report and its local time.
    private static func legacy(_ text: String, zone: ZoneRule) -> LoggerEntryHeader? {
        guard
            let m = text.firstMatch(
                of:
                    #/^=([A-Z]+) REPORT==== (\d{1,2})-([A-Z][a-z]{2})-(\d{4})::(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ===\s*$/#
            ),
            let day = Int(m.2), let year = Int(m.4), let h = Int(m.5), let min = Int(m.6), let sec = Int(m.7),
            let month = MonthName.number(m.3), day >= 1, day <= 31, h < 24,
            min < 60, sec < 61
        else { return nil }
        var fraction = 0  // microseconds
        if let digits = m.8, let value = Int(digits) {
            fraction = value
            for _ in digits.count..<6 { fraction *= 10 }
        }
        let ts = Timestamp(
            year: year, month: month, day: day, hour: h, minute: min, second: sec, millisecond: fraction / 1000,
            zone: zone)
        let level: String
        switch m.1 {
        case "PROGRESS", "INFO": level = "info"
        case "NOTICE": level = "notice"
        case "WARNING": level = "warning"
        case "DEBUG": level = "debug"
        default: level = "error"  // ERROR, SUPERVISOR, CRASH
        }
        return LoggerEntryHeader(ts: ts, level: level)
    }

}
