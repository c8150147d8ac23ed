import Foundation

/// A line of on-call notes that dates the notes below it: `# on-call notes 2026-12-06 UTC`, `2026-12-06 (UTC)`,
/// `## 2026-12-07 Europe/Berlin`, `memory 07-12-2026 (CET)` (`NumericDate`), or in words: `ropewalk notes (Mon 7 Dec, NST)`, `7 December 2026`, `Dec 7`. A date
/// in words without its year takes the year that puts it nearest the incident's day (`IncidentDay`); without one
/// it dates nothing.
struct NotesHeader: Equatable {
    var year: Int
    var month: Int
    var day: Int
    /// The zone the line names, when it names one.
    var zone: ZoneRule?

    /// Reads the first `YYYY-MM-DD` word of `line` (else a day and a month name, and a year if printed) and the first
    /// word that names a zone; nil without a date.
    /// - Parameter incidentDay: days since 1970-01-01 of the incident, for a date printed without its year.
    init?(_ line: some StringProtocol, near incidentDay: Int? = nil) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map {
            $0.trimmingCharacters(in: ["(", ")", "[", "]", ":", "#"])
        }
        var date: (year: Int, month: Int, day: Int)?
        var zone: ZoneRule?
        for word in words {
            // A date with its year last reads near the incident's day (`07/12/2026` beside files of 7 December);
            // pidstat's reading, month first, is for the ISO dates left.
            if date == nil, word.utf8.count == 10,
                let parsed = NumericDate.read(word, near: incidentDay) ?? PidstatClock.parseDate(word)
            {
                date = parsed
            } else if zone == nil, word.count > 1,
                word.contains(where: \.isLetter) || word.first == "+"
                    || word.first == "-", let rule = Self.abbreviation(word) ?? ZoneRule(parsing: word)
            {
                zone = rule
            }
        }
        date = date ?? Self.inWords(words, near: incidentDay)
        guard let date else { return nil }
        (year, month, day) = date
        self.zone = zone
    }

    /// A zone abbreviation that names one offset (`NST`, `AEDT`), as a zone: before Foundation's reading of the word,
    /// which takes `NST` for New Zealand.
    private static func abbreviation(_ word: String) -> ZoneRule? {
        word.allSatisfy(\.isUppercase) ? ZoneAbbreviation.rule(word) : nil
    }

    /// `7 Dec`, `Dec 7`, `7 December 2026`: a month's name (three letters or whole) beside a day, then perhaps the
    /// year; a missing year is the one nearest `incidentDay`.
    private static func inWords(_ words: [String], near incidentDay: Int?) -> (year: Int, month: Int, day: Int)? {
        for (i, word) in words.enumerated() {
            guard word.count >= 3, word.first?.isUppercase == true, let month = MonthName.number(word.prefix(3)),
                word.count == 3 || fullMonths.contains(word.lowercased())
            else { continue }
            let day = [i - 1, i + 1].lazy.filter { words.indices.contains($0) }.compactMap { j -> Int? in
                guard let d = Int(words[j]), (1...31).contains(d), words[j].count <= 2 else { return nil }
                return d
            }.first
            guard let day else { continue }
            let printed = words.dropFirst(i + 1).prefix(2).compactMap { w -> Int? in
                guard w.count == 4, let y = Int(w), (1970...9999).contains(y) else { return nil }
                return y
            }.first
            if let printed { return (printed, month, day) }
            guard let incidentDay else { return nil }
            let around = Timestamp.civilFromDays(incidentDay).year
            let year = [around - 1, around, around + 1].min {
                abs(Timestamp.daysFromCivil(year: $0, month: month, day: day) - incidentDay)
                    < abs(Timestamp.daysFromCivil(year: $1, month: month, day: day) - incidentDay)
            }
            return year.map { ($0, month, day) }
        }
        return nil
    }

    private static let fullMonths: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
}
