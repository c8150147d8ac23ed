import Foundation

extension ArtifactFormat {
    /// A deploy script's or a feature-flag tool's own log: one `TIME what was done` line per operation.
    public static let changeLog = ArtifactFormat(
        name: "change-log",
        summary: "change logs (a deploy script's log, a feature-flag audit log): `TIME message` lines, the time as "
            + "`date` prints it (ISO, `date -R`, in brackets) or Ruby Logger's prefix; deploy, rollback, restart, "
            + "config and feature-flag lines are events of that kind, the rest notes",
        example: "2026-12-07 18:08:53 UTC deploy shop v3.14.0 (c5e0b38) -> app-1",
        detect: detectChangeLog,
        makeParser: { ChangeLogParser(context: $0) }
    )

    /// 30 when nearly every non-blank head line (`#` comments and indented continuations aside) is a timed line and
    /// at least half of those report an operation (`NoteKind`); an app's log, mostly other lines, is not one.
    @Sendable static func detectChangeLog(head: [String]) -> Int {
        var lines = 0
        var timed = 0
        var operations = 0
        for text in head {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || (timed > 0 && text.first?.isWhitespace == true) {
                continue
            }
            lines += 1
            guard let entry = StampedLine(trimmed, zone: .utc, near: nil) else { continue }
            timed += 1
            if NoteKind.classify(entry.message, within: .max) != .note { operations += 1 }
        }
        guard timed > 0, timed * 10 >= lines * 9, operations * 2 >= timed else { return 0 }
        return 30
    }
}
