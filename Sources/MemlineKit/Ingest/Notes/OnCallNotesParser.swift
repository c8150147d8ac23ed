import Foundation

/// Reads on-call notes: each `HH:MM[:SS] text` or `~HH:MM text` line is an event whose kind comes from its words
/// (`NoteKind`); lines without a time that follow a note continue it.
///
/// The date comes from the note (`8 Dec 10:04 text`), else a header line (`# on-call notes 2026-12-06 UTC`, or
/// `Mon 7 Dec`), a day in words taking the year nearest the incident's day; else from `--at`. The zone comes from
/// the header or the title (`(Adelaide time)`), else `--tz`. A time earlier than the one before means midnight passed (`PidstatClock`). Notes before
/// any date are skipped with a reason saying how to give one.
struct OnCallNotesParser: TextLineParser {
    private let context: ParseContext
    private var clock = PidstatClock()
    private var zone: ZoneRule
    /// The note read last, emitted when the next one starts (it may continue on the following lines).
    private var pending: Event?
    /// Whether a note came yet: the lines before the first are its title.
    private var seenNote = false

    init(context: ParseContext) {
        self.context = context
        zone = context.zone
        if let at = context.at {
            let local = at.milliseconds + Int64(context.zone.offsetSeconds(atUTC: at)) * 1000
            let (y, m, d) = Timestamp.civilFromDays(Int(local.floorDivided(by: 86_400_000)))
            clock.start(year: y, month: m, day: d)
        }
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            try flush(into: sink)
            return
        }
        if let note = NoteLine(text) {
            try flush(into: sink)
            seenNote = true
            if let date = note.date, let near = clock.bannerDay ?? context.day {
                clock.start(
                    year: NotesHeader.year(month: date.month, day: date.day, near: near), month: date.month,
                    day: date.day)
            }
            guard clock.bannerDay != nil else {
                return try sink.skip(
                    line: line.number,
                    reason: "a note without a date: add a header line such as '# on-call notes 2026-12-06 UTC' "
                        + "or pass --at with the day", text: line.text)
            }
            clock.advance(to: note.secondOfDay)
            guard let ts = clock.timestamp(secondOfDay: note.secondOfDay, zone: zone) else { return }
            var details = EventDetails()
            details.add("approximate", note.approximate ? true : nil)
            pending = Event(
                line: line.number, ts: ts, host: context.host, kind: NoteKind.classify(note.text).rawValue,
                message: String(note.text.prefix(500)), details: details.text)
            return
        }
        if let header = NotesHeader(text, near: context.day) {
            try flush(into: sink)
            clock.start(year: header.year, month: header.month, day: header.day)
            zone = header.zone ?? zone
            return
        }
        // A line without a time after a note continues it; before any note it is the title, which may name the
        // zone (`(Adelaide time)`).
        if !seenNote, let named = NotesHeader.zone(in: text) {
            zone = named
            return
        }
        if var open = pending {
            open.message = String((open.message + " " + text).prefix(500))
            pending = open
        }
    }

    mutating func finish(into sink: any RowSink) throws { try flush(into: sink) }

    private mutating func flush(into sink: any RowSink) throws {
        guard let open = pending else { return }
        pending = nil
        try sink.emit(.event(open))
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (days before 1970 stay on their day).
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
