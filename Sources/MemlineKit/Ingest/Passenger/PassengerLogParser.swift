/// Reads Phusion Passenger's log (`PassengerLogFile`, or the Apache or nginx error log it writes to): the life of
/// each application process as events with its pid (`PassengerMessage`), and out-of-memory errors the processes
/// print (`App 24144 output: … NoMemoryError …`, `MemoryErrorLine`).
///
/// A process leaves the pool once: the several lines Passenger writes about one departure (`no longer exists`, then
/// `Detaching process`, then `Checking whether to disconnect …`, again at shutdown) are one event, the first.
/// An application's output carries no time: a memory error in it is dated by the time it prints itself (Passenger's
/// Ruby side prints `[ 2026-12-06 12:23:10.5144 24144/… ]: *** Exception NoMemoryError …`), else by the line before
/// it (`details.dated_by`), else skipped with the reason. The web server's own lines and other messages make no rows.
struct PassengerLogParser: TextLineParser {
    private let context: ParseContext
    /// Pids that left the pool, until one is attached again (pids are reused).
    private var ended: Set<Int> = []
    private var lastTS: Timestamp?

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        switch PassengerLine(line.text, zone: context.zone) {
        case .agent(let level, let ts, _, let message)?:
            try agent(level: level, ts: ts, message: message, line: line, into: sink)
        case .appOutput(let pid, let text)?:
            try appOutput(pid: pid, text: text, line: line, into: sink)
        case nil:
            return
        }
    }

    private mutating func agent(
        level: String?, ts: Timestamp?, message: Substring, line: Line, into sink: any RowSink
    ) throws {
        guard let ts else {
            return try sink.skip(
                line: line.number,
                reason: "a Passenger line whose time cannot be read (expected `2026-12-06 12:21:24.1785`)",
                text: line.text)
        }
        lastTS = ts
        let read: PassengerMessage?
        do {
            read = try PassengerMessage.read(message)
        } catch {
            return try sink.skip(
                line: line.number, reason: "a Passenger process event without its pid (cut line?)", text: line.text)
        }
        guard let read else { return }
        switch read.kind {
        case .spawn:
            ended.remove(read.pid)
        case .exit, .crash:
            guard ended.insert(read.pid).inserted else { return }
        }
        var details = EventDetails()
        details.add("group", read.group)
        details.add("role", read.role)
        details.add("cause", read.cause)
        details.add("level", level)
        try sink.emit(
            .event(
                Event(
                    line: line.number, ts: ts, host: context.host, pid: read.pid, process: "passenger",
                    kind: read.kind.rawValue, message: String(message.prefix(500)), details: details.text)))
    }

    private mutating func appOutput(pid: Int, text: Substring, line: Line, into sink: any RowSink) throws {
        let bytes = Array(text.utf8)
        guard var match = bytes.withUnsafeBufferPointer({ MemoryErrorLine.match($0) }) else { return }
        var dated: String?
        var ts: Timestamp?
        if case .agent(_, let own, _, _)? = PassengerLine(String(text), zone: context.zone), let own {
            ts = own
        } else if let lastTS {
            ts = lastTS
            dated = "line before"
        }
        guard let ts else {
            return try sink.skip(
                line: line.number,
                reason: "an application's output before any timed Passenger line; its time is unknown",
                text: line.text)
        }
        match.details.add("dated_by", dated)
        try sink.emit(
            .event(match.event(line: line.number, time: ts, host: context.host, pid: pid, message: String(text))))
    }
}
