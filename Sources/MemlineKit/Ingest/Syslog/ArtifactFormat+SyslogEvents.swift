import Foundation

extension ArtifactFormat {
    /// Service logs in syslog's layouts (syslog, rsyslog, `journalctl`, a deploy script's `TIME deploy[PID]:` lines):
    /// the operations they record as events.
    public static let syslogEvents = ArtifactFormat(
        name: "syslog-events",
        summary: "service logs in syslog's layouts (BSD syslog, rsyslog ISO, journalctl short/short-precise/"
            + "short-iso, `TIME program[pid]: message` scripts): systemd starts, stops, restarts, exits and OOM "
            + "kills of units, cron commands, and deploy/release/rollback/restart/config lines as events; other "
            + "lines are chatter (--messages keeps them)",
        example: "2026-12-07T05:39:57.664600-03:00 claims-node-3 CRON[27367]: (tallow) CMD (curl -X POST …/rollup)",
        detect: detectSyslogEvents,
        makeParser: { SyslogEventsParser(context: $0) }
    )

    /// 35 when most non-blank head lines are syslog lines of programs other than the kernel (whose lines the
    /// kernel-oom format reads), 55 when one of them is an operation; else 0. Formats that read an app's lines
    /// behind a syslog prefix (Rails, Erlang's logger) score higher.
    @Sendable static func detectSyslogEvents(head: [String]) -> Int {
        var lines = 0
        var read = 0
        var operations = 0
        for text in head where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            lines += 1
            guard let entry = SyslogEventLine(text, zone: .utc, year: 2000), entry.program != "kernel" else {
                continue
            }
            read += 1
            if SyslogEventsParser.classify(entry) != nil { operations += 1 }
        }
        guard read > 0, read * 2 > lines else { return 0 }
        return operations > 0 ? 55 : 35
    }
}
