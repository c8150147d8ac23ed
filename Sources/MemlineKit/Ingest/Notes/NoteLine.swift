/// One line of on-call notes: `HH:MM[:SS] text`, or `~HH:MM text` for a time written down afterwards.
struct NoteLine: Equatable {
    /// Seconds since midnight of the wall-clock time written.
    var secondOfDay: Int
    /// True for `~HH:MM`: the time is a guess.
    var approximate: Bool
    var text: String

    /// Reads `09:05 text`, `9:05:30 text`, `~09:05 text`, also `09:05 - text` and `09:05: text`; nil otherwise.
    init?(_ line: some StringProtocol) {
        var u = Substring(line).utf8[...]
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
