import Foundation

/// Reads the master log of a Ruby app server, Unicorn or Puma, in Ruby Logger form (or after an ISO-8601 time):
/// workers spawned, reaped, timed out and killed for their memory become events tied to the pid and the worker
/// slot (`details.worker`), so a respawned slot can be followed.
///
/// - The events of `AppServerMessage`;
/// - unicorn-worker-killer's and puma_worker_killer's lines (`MemoryErrorLine`): `worker-killed`, the slot looked
///   up from the pid the master spawned;
/// - a Ruby `[BUG]` crash report: its whole block (up to the next timed line) is one `crash` event. When the
///   master reaps a worker killed by a signal right after it, the two are one event at the reap's time with its pid
///   and slot; otherwise it is timed by the line before it.
///
/// Lines without a time are read only inside a crash report; a known message without a time or pid is skipped
/// with the reason. Other lines (requests, `worker=0 ready`) are the server's chatter and make no rows.
struct AppServerLogParser: LineParser {
    private let context: ParseContext
    /// The slot of every worker pid seen spawned.
    private var slots: [Int: Int] = [:]
    private var lastTS: Timestamp?
    /// An open `[BUG]` report: its first line, its message and how many lines it has.
    private var report: (line: Int, ts: Timestamp?, message: String, lines: Int)?

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RecordSink) throws {
        let bytes = Array(line.text.utf8)
        let head = bytes.withUnsafeBufferPointer { u -> (ts: Timestamp?, pid: Int?, start: Int) in
            let logger = RubyLoggerLine(parsing: u)
            if logger.hasPrefix {
                return (logger.timestamp(in: u, zone: context.zone), logger.pid, logger.messageStart)
            }
            if let iso = Timestamp.parseISO(bytes: u, zone: context.zone) { return (iso.timestamp, nil, iso.length) }
            return (nil, nil, 0)
        }
        if line.text.contains("[BUG] ") {
            try closeReport(reapedBy: nil, into: sink)
            report = (line.number, head.ts ?? lastTS, line.text.trimmingCharacters(in: .whitespaces), 1)
            return
        }
        guard let ts = head.ts else {
            if report != nil {
                report?.lines += 1
                return
            }
            if (try? AppServerMessage.read(Substring(line.text))) ?? nil != nil {
                try sink.skip(
                    line: line.number, reason: "a worker event without a time; expected a Ruby Logger prefix",
                    text: line.text)
            }
            return
        }
        lastTS = ts
        let message = Self.message(line.text, from: head.start)
        let read: AppServerMessage?
        do {
            read = try AppServerMessage.read(message)
        } catch {
            try closeReport(reapedBy: nil, into: sink)
            return try sink.skip(
                line: line.number, reason: "a worker event without its pid (cut line?)", text: line.text)
        }
        if let read {
            if read.kind == .spawn, let slot = read.slot { slots[read.pid] = slot }
            if report != nil, read.kind == .crash, read.signal != nil {
                return try closeReport(reapedBy: (read, ts, line.number), into: sink)
            }
            try closeReport(reapedBy: nil, into: sink)
            return try sink.emit(.event(event(read, line: line.number, ts: ts, text: message)))
        }
        try closeReport(reapedBy: nil, into: sink)
        let matched = bytes.withUnsafeBufferPointer { MemoryErrorLine.match($0, from: head.start) }
        if let killer = matched {
            var found = killer.event(
                line: line.number, time: ts, host: context.host, pid: head.pid, message: String(message))
            if let pid = found.pid, let slot = slots[pid] {
                var details = EventDetails()
                details.add("worker", slot)
                found.details = Self.merged(details, found.details)
            }
            try sink.emit(.event(found))
        }
    }

    mutating func finish(into sink: any RecordSink) throws { try closeReport(reapedBy: nil, into: sink) }

    private func event(_ read: AppServerMessage, line: Int, ts: Timestamp, text: Substring) -> Event {
        var details = EventDetails()
        details.add("worker", read.slot ?? slots[read.pid])
        details.add("exit_status", read.exitStatus)
        details.add("signal", read.signal)
        details.add("signo", read.signalNumber)
        details.add("cause", read.cause)
        return Event(
            line: line, ts: ts, host: context.host, pid: read.pid, process: read.server, kind: read.kind.rawValue,
            message: String(text.prefix(500)), details: details.text)
    }

    /// Emits the open `[BUG]` report as one crash event, with the pid, slot and signal of the reap that followed it.
    private mutating func closeReport(
        reapedBy reap: (read: AppServerMessage, ts: Timestamp, line: Int)?, into sink: any RecordSink
    ) throws {
        guard let open = report else { return }
        report = nil
        guard let ts = reap?.ts ?? open.ts else {
            return try sink.skip(
                line: open.line, reason: "a [BUG] crash report before any timed line; its time is unknown",
                text: open.message)
        }
        var details = EventDetails()
        details.add("report_lines", open.lines)
        if let read = reap?.read {
            details.add("worker", read.slot ?? slots[read.pid])
            details.add("signal", read.signal)
            details.add("signo", read.signalNumber)
            details.add("reaped_line", reap?.line)
        }
        try sink.emit(
            .event(
                Event(
                    line: open.line, ts: ts, host: context.host, pid: reap?.read.pid, process: "ruby", kind: "crash",
                    message: String(open.message.prefix(500)), details: details.text)))
    }

    /// The message after the prefix, without Puma's `[pid] ` and its `- ` / `! ` markers.
    private static func message(_ text: String, from start: Int) -> Substring {
        var message = Substring(text.utf8.dropFirst(start)).drop { $0 == " " }
        if message.first == "[", let close = message.firstIndex(of: "]"),
            message[message.index(after: message.startIndex)..<close].allSatisfy(\.isNumber)
        {
            message = message[message.index(after: close)...].drop { $0 == " " }
        }
        if let first = message.first, first == "-" || first == "!", message.dropFirst().first == " " {
            message = message.dropFirst(2)
        }
        return message
    }

    private static func merged(_ first: EventDetails, _ rest: String?) -> String? {
        guard let rest, rest.count > 2 else { return first.text }
        guard let head = first.text else { return rest }
        return String(head.dropLast()) + "," + String(rest.dropFirst())
    }
}
