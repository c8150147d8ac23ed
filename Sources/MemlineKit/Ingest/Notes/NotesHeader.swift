import Foundation

/// A line of on-call notes that dates the notes below it: `# on-call notes 2026-12-06 UTC`, `2026-12-06 (UTC)`,
/// `## 2026-12-07 Europe/Berlin`.
struct NotesHeader: Equatable {
    var year: Int
    var month: Int
    var day: Int
    /// The zone the line names, when it names one.
    var zone: ZoneRule?

    /// Reads the first `YYYY-MM-DD` word of `line` and the first word that names a zone; nil without a date.
    init?(_ line: some StringProtocol) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map {
            $0.trimmingCharacters(in: ["(", ")", "[", "]", ":", "#"])
        }
        var date: (year: Int, month: Int, day: Int)?
        var zone: ZoneRule?
        for word in words {
            if date == nil, word.utf8.count == 10, let parsed = PidstatClock.parseDate(word) {
                date = parsed
            } else if zone == nil, word.count > 1,
                word.contains(where: \.isLetter) || word.first == "+"
                    || word.first == "-", let rule = ZoneRule(parsing: word)
            {
                zone = rule
            }
        }
        guard let date else { return nil }
        (year, month, day) = date
        self.zone = zone
    }
}
