/// One line of on-call notes: `HH:MM[:SS] text`, or `~HH:MM text` for a time written down afterwards, perhaps after
/// the day in words (`8 Dec 10:04 text`, `Dec 7 21:16 text`, `Tue 8 Dec 10:04 text`).
struct NoteLine: Equatable {
    /// A day written before the time, its year left to the reader.
    struct MonthDay: Equatable {
        var month: Int
        var day: Int
    }

    /// Seconds since midnight of the wall-clock time written.
    var secondOfDay: Int
    /// True for `~HH:MM`: the time is a guess.
    var approximate: Bool
    var text: String
    /// The day written before the time, when one is.
    var date: MonthDay?

    /// Reads `09:05 text`, `9:05:30 text`, `~09:05 text`, also `09:05 - text` and `09:05: text`, and those after a
    /// day in words; nil otherwise. A dated time has no seconds: `Dec  7 21:16:01 host …` is syslog, not a note.
    init?(_ line: some StringProtocol) {
        if let (date, rest) = Self.datePrefix(Substring(line)) {
            guard let note = NoteLine(timed: rest), !Self.hasSeconds(rest) else {
                return nil
            }
            self = note
            self.date = date
            return
        }
        guard let note = NoteLine(timed: Substring(line)) else { return nil }
        self = note
    }

    /// `8 Dec`, `08 Dec`, `Dec 7`, `Tue 8 Dec`, `Mon, Dec 7,` at the start of `line`: the day and what follows it.
    static func datePrefix(_ line: Substring) -> (MonthDay, Substring)? {
        var rest = line.drop { $0 == " " || $0 == "\t" || $0 == "*" || $0 == "-" }
        func word() -> Substring? {
            let w = rest.prefix { $0 != " " && $0 != "\t" }
            guard !w.isEmpty else { return nil }
            return w.last == "," ? w.dropLast() : w
        }
        func next() { rest = rest.drop { $0 != " " && $0 != "\t" }.drop { $0 == " " || $0 == "\t" } }
        if let w = word(), w.count == 3, weekdays.contains(w.lowercased()) { next() }
        guard let first = word() else { return nil }
        next()
        guard let second = word() else { return nil }
        func dayNumber(_ w: Substring) -> Int? {
            guard w.count <= 2, let d = Int(w), (1...31).contains(d) else { return nil }
            return d
        }
        let date: MonthDay
        if let d = dayNumber(first), let m = MonthName.written(second) {
            date = MonthDay(month: m, day: d)
        } else if let m = MonthName.written(first), let d = dayNumber(second) {
            date = MonthDay(month: m, day: d)
        } else {
            return nil
        }
        next()
        return (date, rest)
    }

    /// Whether the time at the start of `text` prints seconds (`21:16:01`).
    private static func hasSeconds(_ text: Substring) -> Bool {
        let time = text.drop { $0 == "~" }.prefix { $0 != " " && $0 != "\t" }
        return time.filter { $0 == ":" }.count >= 2
    }

    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private init?(timed line: Substring) {
        date = nil
        var u = line.utf8[...]
        while let c = u.first,
            c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "-")
                || c == UInt8(ascii: "*")
        {
            u = u.dropFirst()
        }
        approximate = u.first == UInt8(ascii: "~")
        if approximate { u = u.dropFirst() }
        func number(_ maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while let c = u.first, c >= 48, c <= 57, digits < maxDigits {
                value = value * 10 + Int(c - 48)
                digits += 1
                u = u.dropFirst()
            }
            return digits > 0 ? value : nil
        }
        guard let hour = number(2), hour < 24, u.first == UInt8(ascii: ":") else { return nil }
        u = u.dropFirst()
        let minuteDigits = u.prefix(2)
        guard minuteDigits.count == 2, let minute = number(2), minute < 60 else { return nil }
        var second = 0
        if u.first == UInt8(ascii: ":"), let next = u.dropFirst().first, next >= 48, next <= 57 {
            u = u.dropFirst()
            guard let s = number(2), s < 60 else { return nil }
            second = s
        }
        // The time ends at a blank (a `.123` or `Z` means a log line, not a note), then an optional `-` or `:`.
        guard let blank = u.first, blank == UInt8(ascii: " ") || blank == UInt8(ascii: "\t") else { return nil }
        var rest = Substring(u).drop { $0 == " " || $0 == "\t" }
        if let first = rest.first, first == "-" || first == ":" || first == "|" {
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        }
        guard rest.contains(where: \.isLetter) else { return nil }
        secondOfDay = hour * 3600 + minute * 60 + second
        text = String(rest)
    }
}
