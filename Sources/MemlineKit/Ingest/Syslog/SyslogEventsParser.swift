import Foundation

/// Reads the operations a service log records into events: systemd starting, stopping, restarting and killing
/// units, cron running commands, and any program's deploy, release, rollback, restart or config change
/// (`NoteKind`, by the words near the message's start, or by the program's own name: a `deploy[3407]:` line is a
/// deploy's).
///
/// Every other line of the layout is read and left out, as chatter; with `--messages` it is stored as a `message`
/// event. A line of another layout is skipped with its reason.
struct SyslogEventsParser: TextLineParser {
    let context: ParseContext
    private let year: Int

    init(context: ParseContext) {
        self.context = context
        year = context.referenceYear
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return }
        guard let entry = SyslogEventLine(text, zone: context.zone, year: year) else {
            return try sink.skip(
                line: line.number, reason: "expected `TIME [HOST] PROGRAM[PID]: MESSAGE` (syslog, journalctl)",
                text: line.text)
        }
        guard let (kind, subject) = Self.classify(entry) ?? (context.keepMessages ? ("message", nil) : nil) else {
            return
        }
        // A unit names the process; a cron command is what ran, under cron.
        let cron = kind == "cron"
        var details = EventDetails()
        details.add("program", entry.program)
        details.add(cron ? "command" : "unit", subject)
        try sink.emit(
            .event(
                Event(
                    line: line.number, ts: entry.time, host: context.host ?? entry.host, pid: entry.pid,
                    process: cron ? entry.program : subject ?? entry.program, kind: kind, message: entry.message,
                    details: details.text)))
    }

    /// The event kind of an entry and the unit or command it is about; nil for chatter.
    static func classify(_ entry: SyslogEventLine) -> (kind: String, subject: String?)? {
        let program = entry.program.lowercased()
        let message = entry.message
        if program == "systemd" || program.hasPrefix("systemd[") { return systemd(message) }
        if ["cron", "crond", "anacron"].contains(program) {
            guard let m = message.firstMatch(of: #/\bCMD \((.*)\)\s*$/#) else { return nil }
            return ("cron", String(m.1))
        }
        switch NoteKind.classify(message) {
        case .note:
            // A deploy tool's own log: every line is part of the deploy.
            let tool = NoteKind.classify(entry.program)
            return tool == .note ? nil : (tool.rawValue, nil)
        case let kind:
            return (kind.rawValue, nil)
        }
    }

    /// systemd's messages about units: `Started X.`, `Stopped X.`, `X: Main process exited, code=killed,
    /// status=9/KILL`, `X: Scheduled restart job, restart counter is at 3.`, `X: Failed with result 'oom-kill'.`,
    /// `X: A process of this unit has been killed by the OOM killer.`
    private static func systemd(_ message: String) -> (kind: String, subject: String?)? {
        if let m = message.wholeMatch(of: #/(Started|Stopped|Reloaded) ([^ ]+?)(?: - .*)?\.?/#) {
            let kind = ["Started": "start", "Stopped": "stop", "Reloaded": "reload"][String(m.1)] ?? "start"
            return (kind, String(m.2))
        }
        guard let colon = message.firstRange(of: ": ") else { return nil }
        let unit = String(message[..<colon.lowerBound])
        let what = message[colon.upperBound...]
        guard unit.contains(".") else { return nil }
        if what.hasPrefix("Scheduled restart job") { return ("restart", unit) }
        if what.contains("oom-kill") || what.contains("killed by the OOM killer") { return ("oom", unit) }
        if what.hasPrefix("Main process exited") { return ("exit", unit) }
        return nil
    }
}
