/// A date of numbers with the year last: `07/12/2026`, `12/07/26`, `07.12.2026`, `07-12-2026`.
///
/// A part above 12 is the day. A dotted or dashed date is day first (German, Dutch, Russian and other locales); a
/// slashed one reads either way, and the reading nearer the incident's day is taken (without one the month comes
/// first, as in `date +%D` and the C locale's `%x`). Two digits of year are this century's.
enum NumericDate {
    /// - Parameter incidentDay: days since 1970-01-01 of the incident (`IncidentDay`), to tell `07/12` as 7 December
    ///   from 12 July.
    static func read(_ word: some StringProtocol, near incidentDay: Int?) -> (year: Int, month: Int, day: Int)? {
        guard let separator = word.first(where: { "/.-".contains($0) }) else { return nil }
        let parts = word.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4 || parts[2].count == 2, parts[0].count <= 2, parts[1].count <= 2,
            let a = Int(parts[0]), let b = Int(parts[1]), let printedYear = Int(parts[2]),
            (0...9999).contains(printedYear)
        else { return nil }
        let year = parts[2].count == 2 ? 2000 + printedYear : printedYear
        guard year >= 1 else { return nil }
        let dayFirst = (day: a, month: b)
        let monthFirst = (day: b, month: a)
        let valid = [dayFirst, monthFirst].filter { (1...12).contains($0.month) && (1...31).contains($0.day) }
        guard var chosen = valid.first else { return nil }
        if valid.count == 2 {
            if separator != "/" {
                chosen = dayFirst
            } else if let incidentDay {
                let distance = { (d: (day: Int, month: Int)) in
                    abs(Timestamp.daysFromCivil(year: year, month: d.month, day: d.day) - incidentDay)
                }
                chosen = distance(monthFirst) <= distance(dayFirst) ? monthFirst : dayFirst
            } else {
                chosen = monthFirst
            }
        }
        return (year, chosen.month, chosen.day)
    }
}
