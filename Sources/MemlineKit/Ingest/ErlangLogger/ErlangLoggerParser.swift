import Foundation

/// Reads Erlang/Elixir `logger` output (OTP 21+ default formatter, single or multi-line, and Elixir's console
/// Logger) entry by entry: an entry is its header line (`LoggerEntryHeader`) and every line up to the next one.
///
/// - A supervisor's report (`SupervisorReport`) that a child failed is a `crash` event; the report that the same
///   child started again is a `restart` event holding both pids. Details: supervisor, child, child_pid (or old_pid and
///   new_pid), context, reason, level, logger_pid. `process` is the supervisor's registered name.
/// - `GenServer :name terminating` (Elixir) is a `crash` event of that process.
/// - The VM's `maximum heap size reached` report (a process over its `max_heap_size`, killed) is a `worker-killed`
///   event; details: erlang_pid, max_heap_size, total_heap_size (words), message_queue_len.
/// - Other entries about a deploy, release, rollback, restart or config change are events of that kind (`NoteKind`).
/// - Every other entry is a message: counted in the artifact's lines, stored as a `message` event only with
///   `--messages`.
///
/// Elixir prints no date: it comes from `--at`, else the file's modification day; midnight rolls over
/// (`PidstatClock`). Lines before the first entry are skipped with the reason.
struct ErlangLoggerParser: TextLineParser {
    private let context: ParseContext
    private var clock = PidstatClock()
    private var entry: (line: Int, header: LoggerEntryHeader, ts: Timestamp?, text: String)?
    /// The pid of each supervised child that was reported failed, by supervisor and child id.
    private var failed: [String: String] = [:]

    init(context: ParseContext) {
        self.context = context
        if let day = context.at ?? context.modified {
            let local = day.milliseconds + Int64(context.zone.offsetSeconds(atUTC: day)) * 1000
            let days = Int((Double(local) / 86_400_000).rounded(.down))
            let (y, m, d) = Timestamp.civilFromDays(days)
            clock.start(year: y, month: m, day: d)
        }
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        try consume(line, streamTime: nil, into: sink)
    }

    /// Reads one line of a stream that stamps each line itself (a Heroku log, a Papertrail archive): an entry whose
    /// header prints only the time of day (Elixir) takes `streamTime`, the stamp of its first line.
    mutating func consume(_ line: Line, streamTime: Timestamp?, into sink: any RowSink) throws {
        if let header = LoggerEntryHeader(line.text, zone: context.zone) {
            try flush(into: sink)
            var ts = header.ts
            if ts == nil, let streamTime {
                ts = streamTime
            } else if let second = header.secondOfDay {
                clock.advance(to: second)
                ts = clock.timestamp(secondOfDay: second, zone: context.zone)?.adding(
                    milliseconds: Int64(header.millisecond))
            }
            entry = (line.number, header, ts, String(header.message))
            return
        }
        if entry == nil {
            if line.text.allSatisfy(\.isWhitespace) { return }
            return try sink.skip(
                line: line.number, reason: "expected a logger entry (`2026-…+00:00 info: …`, `12:00:00.123 [error] …`)",
                text: line.text)
        }
        if line.text.isEmpty { return }
        if entry?.text.isEmpty == true {
            entry?.text = line.text
        } else {
            entry?.text += "\n" + line.text
        }
    }

    mutating func finish(into sink: any RowSink) throws { try flush(into: sink) }

    private mutating func flush(into sink: any RowSink) throws {
        guard let open = entry else { return }
        entry = nil
        guard let ts = open.ts else {
            return try sink.skip(
                line: open.line, reason: "a time of day without a date: pass --at with the day of the log",
                text: String(open.text.prefix(200)))
        }
        var details = EventDetails()
        let kind: String
        var process: String?
        let firstLine = open.text.prefix { $0 != "\n" }
        if let report = SupervisorReport(open.text) {
            process = report.supervisor
            let key = report.supervisor + "/" + (report.child ?? "")
            details.add("supervisor", report.supervisor)
            details.add("child", report.child)
            switch report.kind {
            case .failed(let reportContext):
                kind = "crash"
                failed[key] = report.childPid ?? ""
                details.add("child_pid", report.childPid)
                details.add("context", reportContext)
                details.add("reason", report.reason.map { String($0.prefix(200)) })
            case .started:
                guard let old = failed.removeValue(forKey: key) else { return try message(open, ts: ts, into: sink) }
                kind = "restart"
                details.add("old_pid", old.isEmpty ? nil : old)
                details.add("new_pid", report.childPid)
            }
        } else if let name = open.text.firstMatch(of: #/^GenServer (\S+) terminating/#) {
            kind = "crash"
            process = name.1.hasPrefix(":") ? String(name.1.dropFirst()) : String(name.1)
            details.add("reason", open.text.firstMatch(of: #/(?m)^\*\* (.+)$/#).map { String($0.1.prefix(200)) })
        } else if open.text.contains("maximum heap size reached") {
            // The VM's own memory guard (`max_heap_size` with `kill => true`) killed a process over its limit.
            kind = "worker-killed"
            details.add("erlang_pid", Self.field(#/Process:\s+(<[0-9.]+>)/#, in: open.text))
            details.add("max_heap_size", Self.field(#/Max Heap Size:\s+(\d+)/#, in: open.text))
            details.add("total_heap_size", Self.field(#/Total Heap Size:\s+(\d+)/#, in: open.text))
            details.add("message_queue_len", Self.field(#/Message Queue Len:\s+(\d+)/#, in: open.text))
        } else {
            let noted = NoteKind.classify(firstLine)
            guard noted != .note else { return try message(open, ts: ts, into: sink) }
            kind = noted.rawValue
        }
        details.add("level", open.header.level)
        details.add("logger_pid", open.header.pid)
        try sink.emit(
            .event(
                Event(
                    line: open.line, ts: ts, host: context.host, process: process, kind: kind,
                    message: Self.shortened(open.text), details: details.text)))
    }

    /// An entry that is no event: stored as a `message` event only when asked (`--messages`).
    private func message(
        _ open: (line: Int, header: LoggerEntryHeader, ts: Timestamp?, text: String), ts: Timestamp,
        into sink: any RowSink
    ) throws {
        guard context.keepMessages else { return }
        var details = EventDetails()
        details.add("level", open.header.level)
        details.add("logger_pid", open.header.pid)
        try sink.emit(
            .event(
                Event(
                    line: open.line, ts: ts, host: context.host, kind: "message", message: Self.shortened(open.text),
                    details: details.text)))
    }

    /// The first capture of `pattern` in `text`, if it matches.
    private static func field(_ pattern: Regex<(Substring, Substring)>, in text: String) -> String? {
        text.firstMatch(of: pattern).map { String($0.1) }
    }

    /// The entry's text without the indentation of a multi-line report's first line, cut to 500 characters.
    private static func shortened(_ text: String) -> String {
        String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
    }
}
