import Foundation

/// Reads kernel logs for OOM kills: `dmesg` (plain, `-r`, `-x`, `-T`, `-J`), `journalctl -k` (short,
/// short-precise, short-iso, `-o json`) and syslog kernel lines. Each kill is one `oom` event (`KernelOOMTracker`).
///
/// **Time.** Absolute where the file has it: `dmesg -T`, syslog and journalctl text times (short and
/// short-precise print no year: the file's modification year is used), and for `journalctl -o json` the
/// kernel's own time: `__REALTIME_TIMESTAMP` − (`__MONOTONIC_TIMESTAMP` − `_SOURCE_MONOTONIC_TIMESTAMP`),
/// which is right even when journald imported the ring buffer late (else `__REALTIME_TIMESTAMP`).
/// Plain, `-r`, `-x` and `-J` dmesg print seconds since boot only: pass the boot time as `--at` (`uptime -s`,
/// `journalctl --list-boots`) and they are placed at boot + seconds; without it a file with kills is refused
/// with a message saying so (the file's mtime minus the uptime is not knowable from the file), rather than
/// storing kills at invented times. The seconds since boot are kept in `details.kernel_time_s` either way.
///
/// Other kernel lines, other programs' syslog lines and other journal entries are not errors and are passed
/// over; a line in none of the layouts is skipped with the reason.
struct KernelOOMParser: LineParser {
    let context: ParseContext
    private var tracker: KernelOOMTracker
    private let year: Int
    /// The `time` of the last `dmesg -J` entry read (the message comes on a later line).
    private var jsonTime: Double?
    private var insideDmesgJSON = false

    init(context: ParseContext) {
        self.context = context
        tracker = KernelOOMTracker(host: context.host)
        year = context.referenceYear
    }

    mutating func parse(bytes u: UnsafeBufferPointer<UInt8>, number: Int, into sink: any RowSink) throws {
        let line = LineBytes(number: number, bytes: u)
        let content = ASCIIScan.trimmed(u, 0..<u.count)
        guard !content.isEmpty else { return }
        let first = u[content.lowerBound]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "}") || first == UInt8(ascii: "]")
            || first == UInt8(ascii: "\"")
        {
            try json(u, content: content, line: line, sink: sink)
            return
        }
        guard let prefix = KernelLine(parsing: u, zone: context.zone, year: year) else {
            if let syslogOther = KernelOOMParser.isOtherSyslogProgram(u), syslogOther { return }
            try sink.skip(
                line: line.number,
                reason: "expected a kernel log line: `[  748.409768] …` (dmesg), `[Sun Nov 22 01:42:26 2026] …` "
                    + "(dmesg -T), `Nov 22 01:42:57 host kernel: …` or `2026-11-22T01:42:57+0000 host kernel: …` "
                    + "(journalctl -k, syslog)", text: line.text)
            return
        }
        let time = prefix.time ?? placed(prefix.relativeSeconds)
        try tracker.consume(
            UnsafeBufferPointer(rebasing: u[prefix.messageStart...]), time: time,
            relativeSeconds: prefix.relativeSeconds, lineHost: prefix.host, line: line.number, into: sink)
    }

    mutating func finish(into sink: any RowSink) throws {
        try tracker.finish(into: sink)
        if tracker.unplacedKills > 0 {
            throw IngestError.corrupt(
                path: context.sourceName,
                reason: "\(tracker.unplacedKills) OOM kill(s) (first on line \(tracker.firstUnplacedLine ?? 0)) carry "
                    + "only dmesg's seconds since boot; pass the boot time with --at (`uptime -s` on that machine), "
                    + "or capture with `dmesg -T` or `journalctl -k -o short-iso`")
        }
    }

    /// Boot time (`--at`) plus seconds since boot.
    private func placed(_ seconds: Double?) -> Timestamp? {
        guard let seconds, let boot = context.at else { return nil }
        return boot.adding(checkedMilliseconds: seconds * 1000)
    }

    /// A syslog line of some other program (`Nov 22 01:42:57 vm sshd[12]: …`): true; nil when not syslog at all.
    private static func isOtherSyslogProgram(_ u: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard u.count > 16 else { return nil }
        if SyslogPrefix.month(u[0], u[1], u[2]) != nil, u[3] == ASCIIScan.space { return true }
        if let first = u.first, ASCIIScan.isDigit(first), let (_, length) = Timestamp.parseISO(bytes: u, zone: .utc),
            length > 10, length < u.count, u[length] == ASCIIScan.space
        {
            return true
        }
        return nil
    }

    /// `journalctl -o json` (one object per line) and `dmesg -J` (pretty-printed, one member per line).
    private mutating func json(
        _ u: UnsafeBufferPointer<UInt8>, content: Range<Int>, line: LineBytes, sink: any RowSink
    ) throws {
        let first = u[content.lowerBound]
        if first == UInt8(ascii: "{"), content.count > 2 {
            // A whole journal entry, or `{` opening dmesg -J / one of its entries.
            if try journalEntry(u, content: content, line: line, sink: sink) { return }
        }
        guard first == UInt8(ascii: "\"") else { return }
        // dmesg -J members: "dmesg": [   "pri": 4,   "time":   748.409768,   "msg": "…"
        if ASCIIScan.hasPrefix(u, "\"dmesg\":", at: content.lowerBound) {
            insideDmesgJSON = true
        } else if ASCIIScan.hasPrefix(u, "\"time\":", at: content.lowerBound) {
            var numberRange = ASCIIScan.trimmed(u, (content.lowerBound + 7)..<content.upperBound)
            if numberRange.upperBound > numberRange.lowerBound, u[numberRange.upperBound - 1] == UInt8(ascii: ",") {
                numberRange = numberRange.lowerBound..<(numberRange.upperBound - 1)
            }
            jsonTime = ASCIIScan.double(u, numberRange)
        } else if ASCIIScan.hasPrefix(u, "\"msg\":", at: content.lowerBound) {
            let valueStart = JSONMemberScanner.skipSpace(u, content.lowerBound + 6, content.upperBound)
            guard let string = JSONMemberScanner.string(u, valueStart, content.upperBound) else {
                try sink.skip(line: line.number, reason: "expected a JSON string after \"msg\":", text: line.text)
                return
            }
            var message = JSONMemberScanner.text(u, string.range, escaped: string.escaped)
            let seconds = jsonTime
            try message.withUTF8 { m in
                try tracker.consume(
                    m, time: placed(seconds), relativeSeconds: seconds, line: line.number, into: sink)
            }
        }
    }

    /// One `journalctl -o json` object; false when the line is not a whole object.
    private mutating func journalEntry(
        _ u: UnsafeBufferPointer<UInt8>, content: Range<Int>, line: LineBytes, sink: any RowSink
    ) throws -> Bool {
        var message: String?
        var realtime: Int64?
        var monotonic: Int64?
        var sourceMonotonic: Int64?
        var host: String?
        let ok = JSONMemberScanner.forEachMember(u, in: content) { key, _, value in
            guard case .string(let range, let escaped) = value else { return }
            if JSONMemberScanner.key(u, key, is: "MESSAGE") {
                message = JSONMemberScanner.text(u, range, escaped: escaped)
            } else if JSONMemberScanner.key(u, key, is: "__REALTIME_TIMESTAMP") {
                realtime = ASCIIScan.int(u, range).map(Int64.init)
            } else if JSONMemberScanner.key(u, key, is: "__MONOTONIC_TIMESTAMP") {
                monotonic = ASCIIScan.int(u, range).map(Int64.init)
            } else if JSONMemberScanner.key(u, key, is: "_SOURCE_MONOTONIC_TIMESTAMP") {
                sourceMonotonic = ASCIIScan.int(u, range).map(Int64.init)
            } else if JSONMemberScanner.key(u, key, is: "_HOSTNAME") {
                host = JSONMemberScanner.text(u, range, escaped: escaped)
            }
        }
        guard ok else { return false }
        guard var text = message, let realtime else {
            // An entry without a text MESSAGE (journald stores binary ones as byte arrays): nothing to read.
            return true
        }
        var micros = realtime
        var seconds: Double?
        if let monotonic, let sourceMonotonic {
            micros = realtime - (monotonic - sourceMonotonic)
            seconds = Double(sourceMonotonic) / 1_000_000
        }
        let time = Timestamp(milliseconds: (micros + 500) / 1000)
        try text.withUTF8 { m in
            try tracker.consume(
                m, time: time, relativeSeconds: seconds, lineHost: host, line: line.number, into: sink)
        }
        return true
    }
}
