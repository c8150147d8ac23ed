import Foundation

/// A line of on-call notes that dates the notes below it: `# on-call notes 2026-12-06 UTC`, `2026-12-06 (UTC)`,
/// `## 2026-12-07 Europe/Berlin`, `memory 07-12-2026 (CET)` (`NumericDate`), or in words: `ropewalk notes (Mon 7 Dec,
/// NST)`, `7 December 2026`, `Dec 7`. A date in words without its year takes the year that puts it nearest the
/// incident's day (`IncidentDay`); without one it dates nothing.
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
        let words = Self.words(line)
        var date: (year: Int, month: Int, day: Int)?
        for word in words where date == nil && word.utf8.count == 10 {
            // A date with its year last reads near the incident's day (`07/12/2026` beside files of 7 December);
            // pidstat's reading, month first, is for the ISO dates left.
            date = NumericDate.read(word, near: incidentDay) ?? PidstatClock.parseDate(word)
        }
        date = date ?? Self.inWords(words, near: incidentDay)
        guard let date else { return nil }
        (year, month, day) = date
        zone = Self.zone(in: words)
    }

    /// The zone a line names, when it names one: an abbreviation (`NST`), an offset, an IANA name, or a place or
    /// region beside the word time (`(Hobart time)`, `times Central`, `NZ time`); nil otherwise.
    static func zone(in line: some StringProtocol) -> ZoneRule? { zone(in: words(line)) }

    private static func words(_ line: some StringProtocol) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map {
            $0.trimmingCharacters(in: ["(", ")", "[", "]", ":", "#"])
        }
    }

    private static func zone(in words: [String]) -> ZoneRule? {
        for word in words where word.count > 1 {
            guard word.contains(where: \.isLetter) || word.first == "+" || word.first == "-" else { continue }
            if let rule = Self.abbreviation(word) ?? ZoneRule(parsing: word) { return rule }
        }
        // A place is a zone only beside the word time: `Sydney office` names none.
        for (i, word) in words.enumerated() where ["time", "times"].contains(word.lowercased()) {
            for j in [i - 1, i + 1] where words.indices.contains(j) {
                if let rule = Self.place(words[j]) { return rule }
            }
        }
        return nil
    }

    /// The zone of a place or region people write: the last part of an IANA name (`Hobart`, `Istanbul`), `NZ`, or
    /// the North American regions (`Central`, `Eastern`, `Mountain`, `Pacific`).
    private static func place(_ word: String) -> ZoneRule? {
        guard word.first?.isUppercase == true else { return nil }
        if let region = regions[word] { return ZoneRule(parsing: region) }
        guard word.count >= 4 else { return nil }
        let suffix = "/" + word
        return TimeZone.knownTimeZoneIdentifiers.first { $0.hasSuffix(suffix) }.flatMap { ZoneRule(parsing: $0) }
    }

    private static let regions: [String: String] = [
        "NZ": "Pacific/Auckland", "Central": "America/Chicago", "Eastern": "America/New_York",
        "Mountain": "America/Denver", "Pacific": "America/Los_Angeles",
    ]

    /// The year that puts `month`/`day` nearest `incidentDay` (days since 1970-01-01).
    static func year(month: Int, day: Int, near incidentDay: Int) -> Int {
        let around = Timestamp.civilFromDays(incidentDay).year
        return [around - 1, around, around + 1].min {
            abs(Timestamp.daysFromCivil(year: $0, month: month, day: day) - incidentDay)
                < abs(Timestamp.daysFromCivil(year: $1, month: month, day: day) - incidentDay)
        } ?? around
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
            guard let month = MonthName.written(word) else { continue }
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
            return (year(month: month, day: day, near: incidentDay), month, day)
        }
        return nil
    }
}
