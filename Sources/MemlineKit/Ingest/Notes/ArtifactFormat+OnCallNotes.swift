import Foundation

extension ArtifactFormat {
    /// On-call notes: `HH:MM[:SS] text` or `~HH:MM text` lines, dated by a header line, `--at` or `--tz`.
    public static let onCallNotes = ArtifactFormat(
        name: "oncall-notes",
        summary: "On-call notes: `HH:MM[:SS] text` / `~HH:MM text` lines, perhaps after their day "
            + "(`8 Dec 10:04 text`); date and zone from a header line (`# on-call notes 2026-12-06 UTC`, `Mon 7 Dec, NST`) or the title "
            + "(`(Adelaide time)`), --at or --tz; deploy/rollback/restart/config-change notes get that kind",
        example: "~09:05 deploy of 2.4.1 finished on web-1",
        detect: detectOnCallNotes,
        makeParser: { OnCallNotesParser(context: $0) }
    )

    /// Claims a head whose lines are mostly timed notes in words (not a report of numbers that starts with a time,
    /// such as pidstat's rows); a dated header line adds certainty. The indented lines a note wraps onto, up to the
    /// next note or blank line, are part of it, neither note nor prose.
    @Sendable static func detectOnCallNotes(head: [String]) -> Int {
        var notes = 0
        var other = 0
        var header = false
        var inNote = false
        for text in head {
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                inNote = false
                continue
            }
            if let note = NoteLine(text) {
                let letters = note.text.filter(\.isLetter).count
                let digits = note.text.filter(\.isNumber).count
                if letters > digits { notes += 1 } else { other += 1 }
                inNote = letters > digits
            } else if NotesHeader(text, near: 0) != nil {
                // Any day will do to tell a dating line (`Mon 7 Dec, NST`) from prose.
                header = true
            } else if !(inNote && text.first?.isWhitespace == true) {
                other += 1
            }
        }
        guard notes >= 2, notes * 2 >= notes + other else { return 0 }
        return header ? 40 : 25
    }
}
