import Foundation

/// Reads the master log of an app server: Unicorn or Puma in Ruby Logger form (or after an ISO-8601 time), or
/// Gunicorn's error log (`[2026-12-07 01:57:13 +0000] [8382] [INFO] Booting worker with pid: 8435`):
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
/// Puma's plain stdout prints no time (`[4456] - Worker 0 (PID: 4459) booted in 0.07s, phase: 0`): a worker event
/// without one is dated by Puma's `=== puma startup: TIME ===` line (written when `stdout_redirect` reopens
/// stdout) if it is the first boot of its slot after it, else by `--at`, and says which in `details.dated_by`;
/// with neither it is skipped with the reason. The file's mtime is not used: it dates only the last line written,
/// and a copy's is the time of the copy. A known message without its pid is skipped with the reason. Other lines
/// (requests, `worker=0 ready`, Puma's banner) are the server's chatter and make no rows.
struct AppServerLogParser: TextLineParser {
    private let context: ParseContext
    /// The slot of every worker pid seen spawned.
    private var slots: [Int: Int] = [:]
    private var lastTS: Timestamp?
    /// An open `[BUG]` report: its first line, its message and how many lines it has.
    private var report: (line: Int, ts: Timestamp?, message: String, lines: Int)?
    /// After Puma's `=== puma startup: TIME ===` (written when `stdout_redirect` reopens stdout): its time, and the
    /// slots whose first boot since then was dated by it. Closed by any other untimed worker event.
    private var startup: (ts: Timestamp, booted: Set<Int>)?
    /// Gunicorn workers that said they restart after their current request (`max_requests`): their exit's cause.
    private var recycling: Set<Int> = []

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let head = line.text.utf8.withContiguousStorageIfAvailable { u -> (ts: Timestamp?, pid: Int?, start: Int) in
            let logger = RubyLoggerLine(parsing: u)
            if logger.hasPrefix {
                return (logger.timestamp(in: u, zone: context.zone), logger.pid, logger.messageStart)
            }
            if let iso = Timestamp.parseISO(bytes: u, zone: context.zone) { return (iso.timestamp, nil, iso.length) }
            if let gunicorn = Self.gunicornPrefix(u, zone: context.zone) { return gunicorn }
            return (nil, nil, 0)
        }
        try consume(
            line.text, messageStart: head?.start ?? 0, ts: head?.ts, loggerPID: head?.pid, line: line.number,
            into: sink)
    }

    /// Gunicorn's prefix, `[2026-12-07 01:57:13 +0000] [8382] [INFO] `: its time, the pid that wrote the line (the
    /// arbiter's, or a worker's own) and where the message starts.
    static func gunicornPrefix(_ u: UnsafeBufferPointer<UInt8>, zone: ZoneRule) -> (
        ts: Timestamp?, pid: Int?, start: Int
    )? {
        guard u.count > 30, u[0] == UInt8(ascii: "["),
            let iso = Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: u[1...]), zone: zone)
        else { return nil }
        let pidStart = 1 + iso.length + 3
        guard ASCIIScan.hasPrefix(u, "] [", at: pidStart - 3) else { return nil }
        var i = pidStart
        while i < u.count, ASCIIScan.isDigit(u[i]) { i += 1 }
        guard let pid = ASCIIScan.int(u, pidStart..<i), ASCIIScan.hasPrefix(u, "] [", at: i) else { return nil }
        i += 3
        while i < u.count, u[i] != UInt8(ascii: "]") { i += 1 }
        guard i < u.count else { return nil }
        return (iso.timestamp, pid, i + 1)
    }

    /// Where a worker event starts in `u`, a message of a stream that carries an app server's lines among others
    /// (Heroku, Papertrail), after a Ruby Logger prefix if it has one, with the Logger's pid; nil when `u` is no
    /// worker event (the common case: one scan for `orker` first).
    static func workerEvent(in u: UnsafeBufferPointer<UInt8>) -> (start: Int, loggerPID: Int?)? {
        guard ASCIIScan.contains(u, "orker") else { return nil }
        let logger = RubyLoggerLine(parsing: u)
        let start = logger.hasPrefix ? logger.messageStart : 0
        let text = String(decoding: UnsafeBufferPointer(rebasing: u[min(start, u.count)...]), as: UTF8.self)
        guard ((try? AppServerMessage.read(Self.message(text, from: 0))) ?? nil) != nil else { return nil }
        return (start, logger.hasPrefix ? logger.pid : nil)
    }

    /// Reads one line whose prefix (if any) was read by the caller.
    /// - Parameters:
    ///   - text: the whole line; the message starts at `messageStart` (a UTF-8 offset).
    ///   - ts: the time the prefix gave (Ruby Logger, ISO-8601, a Heroku or Papertrail stamp), nil when none.
    ///   - loggerPID: the pid the prefix named (Ruby Logger's `#24344`), for worker-killer lines.
    mutating func consume(
        _ text: String, messageStart: Int, ts given: Timestamp?, loggerPID: Int?, line: Int, into sink: any RowSink
    ) throws {
        if text.contains("[BUG] ") {
            try closeReport(reapedBy: nil, into: sink)
            report = (line, given ?? lastTS, text.trimmingCharacters(in: .whitespaces), 1)
            return
        }
        let message = Self.message(text, from: messageStart)
        if let stamp = PumaStamp(message, zone: context.zone) {
            try closeReport(reapedBy: nil, into: sink)
            startup = stamp.isStartup ? (stamp.ts, []) : nil
            lastTS = given ?? stamp.ts
            return
        }
        if given == nil, report != nil {
            report?.lines += 1
            return
        }
        if message.hasPrefix("Autorestarting worker after current request"), let loggerPID {
            recycling.insert(loggerPID)
            return
        }
        var read: AppServerMessage?
        do {
            read = try AppServerMessage.read(message)
        } catch {
            try closeReport(reapedBy: nil, into: sink)
            return try sink.skip(line: line, reason: "a worker event without its pid (cut line?)", text: text)
        }
        let killer = read == nil ? Self.killer(text, from: messageStart) : nil
        guard read != nil || killer != nil else {
            if given != nil { try closeReport(reapedBy: nil, into: sink) }
            return
        }
        if let read, read.kind == .spawn, let slot = read.slot { slots[read.pid] = slot }
        if let exit = read, exit.kind == .exit, recycling.remove(exit.pid) != nil { read?.cause = "max_requests" }
        var dated: String?
        guard let ts = given ?? untimed(read, datedBy: &dated) else {
            return try sink.skip(
                line: line,
                reason: "a worker event printed without a time (Puma's plain stdout has none): pass --at with when "
                    + "it was printed, or give Puma a log_formatter that prints the time "
                    + "(log_formatter { |s| \"#{Time.now.utc.iso8601(3)} #{s}\" })",
                text: text)
        }
        lastTS = ts
        if let read {
            if report != nil, read.kind == .crash, read.signal != nil {
                return try closeReport(reapedBy: (read, ts, line), into: sink)
            }
            try closeReport(reapedBy: nil, into: sink)
            return try sink.emit(.event(event(read, line: line, ts: ts, text: message, dated: dated)))
        }
        try closeReport(reapedBy: nil, into: sink)
        guard let killer else { return }
        var found = killer.event(line: line, time: ts, host: context.host, pid: loggerPID, message: String(message))
        var details = EventDetails()
        if let pid = found.pid { details.add("worker", slots[pid]) }
        details.add("dated_by", dated)
        found.details = Self.merged(details, found.details)
        try sink.emit(.event(found))
    }

    /// The time of a worker event printed without one: Puma's startup line dates the first boot of each slot after
    /// it; `--at` dates the rest. Nil when neither applies. `datedBy` says which did.
    private mutating func untimed(_ read: AppServerMessage?, datedBy: inout String?) -> Timestamp? {
        if var open = startup, let read, read.kind == .spawn, let slot = read.slot, !open.booted.contains(slot) {
            open.booted.insert(slot)
            startup = open
            datedBy = "puma startup"
            return open.ts
        }
        startup = nil
        guard let at = context.at else { return nil }
        datedBy = "--at"
        return at
    }

    private static func killer(_ text: String, from start: Int) -> MemoryErrorLine? {
        Array(text.utf8).withUnsafeBufferPointer { MemoryErrorLine.match($0, from: start) }
    }

    mutating func finish(into sink: any RowSink) throws { try closeReport(reapedBy: nil, into: sink) }

    private func event(_ read: AppServerMessage, line: Int, ts: Timestamp, text: Substring, dated: String?) -> Event {
        var details = EventDetails()
        details.add("worker", read.slot ?? slots[read.pid])
        details.add("exit_status", read.exitStatus)
        details.add("signal", read.signal)
        details.add("signo", read.signalNumber)
        details.add("cause", read.cause)
        details.add("dated_by", dated)
        return Event(
            line: line, ts: ts, host: context.host, pid: read.pid, process: read.server, kind: read.kind.rawValue,
            message: String(text.prefix(500)), details: details.text)
    }

    /// Emits the open `[BUG]` report as one crash event, with the pid, slot and signal of the reap that followed it.
    private mutating func closeReport(
        reapedBy reap: (read: AppServerMessage, ts: Timestamp, line: Int)?, into sink: any RowSink
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
    static func message(_ text: String, from start: Int) -> Substring {
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
