/// Application log lines that say a process ran out of memory or was killed for using too much of it.
///
/// Shared by the Rails, request-RSS, Heroku and Papertrail parsers: any app line passes through it.
///
/// | line contains | kind | details |
/// |---|---|---|
/// | `PumaWorkerKiller: Out of memory. 4 workers consuming total: 4871.2 mb out of max: 4798.08 mb. Sending TERM to pid 26668 consuming 1001.0 mb.` | `worker-killed` | killer, workers, total_mb, max_mb, worker_mb; pid is the killed worker |
/// | `\tSending TERM to pid 23 consuming 53 mb.` (puma_worker_killer 1.0 lists each worker it kills on a line of its own) | `worker-killed` | killer, worker_mb |
/// | `PumaWorkerKiller: Rolling Restart. 5 workers consuming total: 650 mb. Sending TERM to pid 34.` | `restart` | killer, cause `rolling_restart`, total_mb |
/// | `#<Unicorn::HttpServer…>: worker (pid: 1234) exceeds memory limit (285212672 bytes > 268435456 bytes)` (0.4.4 prints the RSS as `0.8200192e8`) | `worker-killed` | killer `unicorn-worker-killer`, rss_bytes, limit_bytes |
/// | `Errno::ENOMEM`, `Cannot allocate memory` | `enomem` | error `Errno::ENOMEM` |
/// | `NoMemoryError`, `failed to allocate memory` | `enomem` | error `NoMemoryError` |
///
/// Message formats read from the gems' sources: zombocom/puma_worker_killer `lib/puma_worker_killer/reaper.rb`
/// and `rolling_restart.rb` (all versions: `Sending TERM to pid N` and the older `Sending TERM to
/// #<Puma::Cluster::Worker … @pid=N …>`), kzk/unicorn-worker-killer `lib/unicorn/worker_killer.rb`. The
/// `send SIGQUIT (pid: …) alive: … sec (trial N)` lines unicorn-worker-killer writes after the limit line are
/// the same kill and make no event; neither do puma_worker_killer's status lines (`Consuming … mb with master`).
struct MemoryErrorLine {
    var kind: String
    var pid: Int?
    /// Who reported it: `puma_worker_killer`, `unicorn-worker-killer`, or `ruby` for exceptions.
    var process: String
    var details: EventDetails

    /// Looks for one of the lines above in `u` from `start`; nil for every other line (the common case, one
    /// pass over the bytes).
    static func match(_ u: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> MemoryErrorLine? {
        var i = start
        // Leading blanks: puma_worker_killer's per-worker continuation lines start with a tab.
        while i < u.count, ASCIIScan.isSpace(u[i]) { i += 1 }
        if ASCIIScan.hasPrefix(u, "Sending TERM to pid ", at: i), ASCIIScan.contains(u, " mb", from: i) {
            var details = EventDetails()
            details.add("killer", "puma_worker_killer")
            details.add("worker_mb", number(after: "consuming ", in: u, from: i))
            return MemoryErrorLine(
                kind: "worker-killed", pid: integer(after: "Sending TERM to pid ", in: u, from: i),
                process: "puma_worker_killer", details: details)
        }
        while i < u.count {
            switch u[i] {
            case UInt8(ascii: "P"):
                if ASCIIScan.hasPrefix(u, "PumaWorkerKiller: ", at: i) { return pumaWorkerKiller(u, from: i + 18) }
            case UInt8(ascii: "e"):
                if ASCIIScan.hasPrefix(u, "exceeds memory limit (", at: i) {
                    return unicornWorkerKiller(u, from: start)
                }
            case UInt8(ascii: "E"):
                if ASCIIScan.hasPrefix(u, "Errno::ENOMEM", at: i) { return exception("Errno::ENOMEM") }
            case UInt8(ascii: "C"):
                if ASCIIScan.hasPrefix(u, "Cannot allocate memory", at: i) { return exception("Errno::ENOMEM") }
            case UInt8(ascii: "N"):
                if ASCIIScan.hasPrefix(u, "NoMemoryError", at: i) { return exception("NoMemoryError") }
            case UInt8(ascii: "f"):
                if ASCIIScan.hasPrefix(u, "failed to allocate memory", at: i) { return exception("NoMemoryError") }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    /// The event for a match found in a line logged at `time`.
    func event(line: Int, time: Timestamp, host: String?, pid fallbackPID: Int?, message: String) -> Event {
        Event(
            line: line, ts: time, host: host, pid: pid ?? fallbackPID, process: process, kind: kind,
            message: String(message.prefix(500)), details: details.text)
    }

    private static func exception(_ name: String) -> MemoryErrorLine {
        var details = EventDetails()
        details.add("error", name)
        return MemoryErrorLine(kind: "enomem", pid: nil, process: "ruby", details: details)
    }

    private static func pumaWorkerKiller(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> MemoryErrorLine? {
        var details = EventDetails()
        details.add("killer", "puma_worker_killer")
        let kind: String
        if ASCIIScan.hasPrefix(u, "Out of memory.", at: start) {
            kind = "worker-killed"
        } else if ASCIIScan.hasPrefix(u, "Rolling Restart.", at: start) {
            kind = "restart"
            details.add("cause", "rolling_restart")
        } else {
            return nil
        }
        let workersAt = start + (kind == "restart" ? 16 : 14)
        details.add("workers", integer(after: " ", in: u, from: workersAt - 1))
        details.add("total_mb", number(after: "consuming total: ", in: u, from: start))
        details.add("max_mb", number(after: "out of max: ", in: u, from: start))
        var pid = integer(after: "Sending TERM to pid ", in: u, from: start)
        if pid == nil { pid = integer(after: "@pid=", in: u, from: start) }
        if kind == "worker-killed", let sending = find("Sending TERM to ", in: u, from: start) {
            details.add("worker_mb", number(after: "consuming ", in: u, from: sending))
        }
        return MemoryErrorLine(kind: kind, pid: pid, process: "puma_worker_killer", details: details)
    }

    private static func unicornWorkerKiller(_ u: UnsafeBufferPointer<UInt8>, from start: Int) -> MemoryErrorLine? {
        var details = EventDetails()
        details.add("killer", "unicorn-worker-killer")
        if let open = find("exceeds memory limit (", in: u, from: start) {
            // unicorn-worker-killer 0.4.4 prints the RSS as a Float in e-notation: `(0.8200192e8 bytes > 69607440 bytes)`.
            details.add("rss_bytes", number(after: "(", in: u, from: open + 21))
            details.add("limit_bytes", number(after: "> ", in: u, from: open + 21))
        }
        return MemoryErrorLine(
            kind: "worker-killed", pid: integer(after: "(pid: ", in: u, from: start), process: "unicorn-worker-killer",
            details: details)
    }

    /// Where `needle` starts in `u` at or after `from`.
    private static func find(_ needle: StaticString, in u: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let first = needle.utf8Start[0]
        var i = from
        while i + needle.utf8CodeUnitCount <= u.count {
            if u[i] == first, ASCIIScan.hasPrefix(u, needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    private static func numberRange(after needle: StaticString, in u: UnsafeBufferPointer<UInt8>, from: Int)
        -> Range<Int>?
    {
        guard let at = find(needle, in: u, from: from) else { return nil }
        let start = at + needle.utf8CodeUnitCount
        var end = start
        while end < u.count, ASCIIScan.isDigit(u[end]) || u[end] == UInt8(ascii: ".") { end += 1 }
        // An exponent (`0.8200192e8`), only when digits follow it.
        if end + 1 < u.count, u[end] == UInt8(ascii: "e") || u[end] == UInt8(ascii: "E"), ASCIIScan.isDigit(u[end + 1])
        {
            end += 1
            while end < u.count, ASCIIScan.isDigit(u[end]) { end += 1 }
        }
        // A trailing sentence dot is not part of the number.
        while end > start, u[end - 1] == UInt8(ascii: ".") { end -= 1 }
        return end > start ? start..<end : nil
    }

    private static func number(after needle: StaticString, in u: UnsafeBufferPointer<UInt8>, from: Int) -> Double? {
        numberRange(after: needle, in: u, from: from).flatMap { ASCIIScan.double(u, $0) }
    }

    private static func integer(after needle: StaticString, in u: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let range = numberRange(after: needle, in: u, from: from) else { return nil }
        return ASCIIScan.int(u, range)
    }
}
