import Foundation

/// Reads a change log into events: every `TIME message` line (`StampedLine`) is an event whose kind comes from
/// its words, anywhere in the line (`NoteKind`: deploy, rollback, restart, change, else note). Indented lines continue the line before;
/// `#` comment lines (Ruby's `# Logfile created on …`) are left out; other lines are skipped with the reason.
struct ChangeLogParser: TextLineParser {
    let context: ParseContext
    /// The line read last, emitted when the next one starts (it may continue on the following lines).
    private var pending: Event?

    init(context: ParseContext) {
        self.context = context
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") {
            return try flush(into: sink)
        }
        if let entry = StampedLine(trimmed, zone: context.zone, near: context.day) {
            try flush(into: sink)
            pending = Event(
                line: line.number, ts: entry.ts, host: context.host,
                kind: NoteKind.classify(entry.message, within: .max).rawValue,
                message: String(entry.message.prefix(500)))
            return
        }
        if var open = pending, text.first == " " || text.first == "\t" {
            open.message = String((open.message + " " + trimmed).prefix(500))
            pending = open
            return
        }
        try flush(into: sink)
        try sink.skip(
            line: line.number, reason: "expected a time, then what was done (`2026-12-07 18:08:53 UTC deploy v3.14.0`)",
            text: text)
    }

    mutating func finish(into sink: any RowSink) throws { try flush(into: sink) }

    private mutating func flush(into sink: any RowSink) throws {
        guard let open = pending else { return }
        pending = nil
        try sink.emit(.event(open))
    }
}
