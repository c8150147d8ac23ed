import Foundation

/// Reads the time line a capture loop prints before each snapshot (`while sleep 60; do date; ps aux; done`).
///
/// Accepted, as the whole line (inside a banner of `-`, `=`, `#`, `*` or `>`): ISO-8601 (`date -Is`, `date --rfc-3339=ns`,
/// `date '+%F %T %Z'`), Unix seconds (`date +%s`, ten or
/// more digits), `date`'s default `Sat Dec  5 19:31:16 UTC 2026`, the default of European locales and of
/// `date '+%a %d %b %Y %T %Z'` (`Mon 07 Dec 2026 21:34:17 AEST`), and `date -R`'s `Mon, 07 Dec 2026 15:25:52
/// +0530`, a numeric date with its time (`date '+%d/%m/%Y %T %Z'`: `07/12/2026 17:49:06 IST`, `12/07/26 …`,
/// `07.12.2026 …`, with an abbreviation or an offset), and the access log's `07/Dec/2026:19:02:38 +0100`; inside a
/// banner, words may follow the time (`== 08.12.2026 10:01:54 +1300 probe 1`). A zone abbreviation that names one offset (`ZoneAbbreviation`: AEST, CET, PDT…) is read at it; an
/// ambiguous one (CST is three zones) or none is read in `--tz`.
enum SnapshotStamp {
    /// - Parameter day: the incident's day (days since 1970-01-01), to tell `07/12` as 7 December from 12 July.
    static func parse(_ text: String, zone: ZoneRule, near day: Int? = nil) -> Timestamp? {
        // A loop's banner around the time (`--- 2026-12-07T06:08:09-06:00`, `=== … ===`, `# …`) is decoration.
        let t = text.trimmingCharacters(in: .whitespaces.union(Self.banner))
        if let whole = parseWhole(t, zone: zone, near: day) { return whole }
        // A banner may name what follows after the time (`== 08.12.2026 10:01:54 +1300 probe 1`): the longest run of
        // leading words that is a time.
        guard let lead = text.trimmingCharacters(in: .whitespaces).unicodeScalars.first, Self.banner.contains(lead)
        else { return nil }
        let words = t.split(separator: " ")
        for count in stride(from: min(6, words.count - 1), through: 2, by: -1) {
            if let ts = parseWhole(words[0..<count].joined(separator: " "), zone: zone, near: day) { return ts }
        }
        return nil
    }

    private static func parseWhole(_ t: String, zone: ZoneRule, near day: Int?) -> Timestamp? {
        guard let first = t.utf8.first else { return nil }
        if first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            if let numeric = numericDate(t, zone: zone, near: day) ?? accessLogStamp(t, zone: zone) { return numeric }
            if t.utf8.count >= 10, t.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let seconds = Double(t)
            {
                return Timestamp(checkedSeconds: seconds)
            }
            // `date --rfc-3339=seconds` puts a space between date and time; `date '+%F %T %Z'` an abbreviation after.
            return Timestamp.parseUserInput(t, zone: zone)
                ?? Timestamp.parseUserInput(t.replacingOccurrences(of: " ", with: "T"), zone: zone)
                ?? isoWithAbbreviation(t, zone: zone)
        }
        return ctime(t, zone: zone) ?? dayFirst(t, zone: zone)
    }

    /// `Mon 07 Dec 2026 21:34:17 AEST` (`%a %d %b %Y %T %Z`, `date` in en_GB and other locales), or without a zone;
    /// and `date -R`'s `Mon, 07 Dec 2026 15:25:52 +0530`, whose comma after the weekday comes with its offset printed.
    private static func dayFirst(_ t: String, zone: ZoneRule) -> Timestamp? {
        let words = t.split(separator: " ")
        let rfc2822 = words.first?.hasSuffix(",") == true
        guard words.count == 6 || (words.count == 5 && !rfc2822),
            weekdays.contains(String(rfc2822 ? words[0].dropLast() : words[0])), let day = Int(words[1]),
            (1...31).contains(day), let month = MonthName.number(words[2]), let year = Int(words[3]),
            (1...9999).contains(year), let (hour, minute, second) = clock(words[4])
        else { return nil }
        var printed = zone
        if words.count == 6 {
            if rfc2822 {
                guard let offset = ZoneRule.parseOffset(words[5]) else { return nil }
                printed = .fixed(seconds: offset)
            } else {
                printed = rule(named: words[5], else: zone)
            }
        }
        return Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: printed)
    }

    /// `07/12/2026 17:49:06 IST`, `12/07/2026 17:49:06`, `07.12.2026 17:49:06 CET`: a date of numbers
    /// (`NumericDate`, read near the incident's `day`), then the time and perhaps a zone.
    private static func numericDate(_ t: String, zone: ZoneRule, near incidentDay: Int?) -> Timestamp? {
        let words = t.split(separator: " ")
        guard words.count == 2 || words.count == 3, let date = NumericDate.read(words[0], near: incidentDay),
            let (hour, minute, second) = clock(words[1])
        else { return nil }
        return Timestamp(
            year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second,
            zone: words.count == 3 ? rule(named: words[2], else: zone) : zone)
    }

    /// `07/Dec/2026:19:02:38 +0100`: the access log's stamp (`date '+%d/%b/%Y:%T %z'`); without an offset, in `zone`.
    private static func accessLogStamp(_ t: String, zone: ZoneRule) -> Timestamp? {
        let bytes = Array(t.utf8)
        guard bytes.count >= 20, bytes[2] == UInt8(ascii: "/"), bytes[11] == UInt8(ascii: ":") else { return nil }
        return bytes.withUnsafeBufferPointer { AccessLogLine.parseTime($0, 0..<$0.count, zone: zone) }
    }

    /// `2026-12-07 22:50:45 ACDT`: an ISO date and time, then the zone's abbreviation.
    private static func isoWithAbbreviation(_ t: String, zone: ZoneRule) -> Timestamp? {
        let words = t.split(separator: " ")
        guard words.count == 3, words[2].allSatisfy(\.isLetter) else { return nil }
        return Timestamp.parseUserInput("\(words[0])T\(words[1])", zone: rule(named: words[2], else: zone))
    }

    /// The zone a printed abbreviation names, else `zone`.
    private static func rule(named name: Substring, else zone: ZoneRule) -> ZoneRule {
        ZoneAbbreviation.rule(name) ?? ZoneRule.parseOffset(String(name)).map { .fixed(seconds: $0) } ?? zone
    }

    /// Why a line of digits that reads as Unix seconds cannot be a stamp (past year 9999); nil for other lines.
    static func outOfRange(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.utf8.count >= 10, t.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let seconds = Double(t), Timestamp(checkedSeconds: seconds) == nil
        else { return nil }
        return "time line: " + Timestamp.outOfRangeReason(t)
    }

    /// `Sat Dec  5 19:31:16 UTC 2026` or, without a zone, `Sat Dec  5 19:31:16 2026`.
    private static func ctime(_ t: String, zone: ZoneRule) -> Timestamp? {
        let words = t.split(separator: " ")
        guard words.count == 5 || words.count == 6, weekdays.contains(String(words[0])),
            let month = MonthName.number(words[1]), let day = Int(words[2]),
            let year = Int(words[words.count - 1])
        else { return nil }
        guard (1...9999).contains(year), (1...31).contains(day) else { return nil }
        guard let (hour, minute, second) = clock(words[3]) else { return nil }
        var rule = zone
        if words.count == 6 {
            let name = words[4]
            guard name.allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0.isNumber }) else { return nil }
            rule = Self.rule(named: name, else: zone)
        }
        return Timestamp(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: rule)
    }

    /// `15:25:52` as hour, minute and second (a leap second allowed).
    private static func clock(_ word: Substring) -> (Int, Int, Int)? {
        let parts = word.split(separator: ":")
        guard parts.count == 3, let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2]),
            (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second)
        else { return nil }
        return (hour, minute, second)
    }

    private static let banner = CharacterSet(charactersIn: "-=#*>")

    private static let weekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}
