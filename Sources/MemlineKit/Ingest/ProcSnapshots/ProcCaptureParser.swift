import Foundation

/// Reads `/proc/PID/status` or `/proc/PID/smaps_rollup` files saved as text, one capture or many.
///
/// A capture starts at its first line (`Name:` for a status, the `…-… ---p … [rollup]` line for smaps_rollup, or a
/// status's first memory field after a time line when only some fields were kept) and
/// becomes one reading with every field the recorder keeps, stored at the line of its `VmRSS:` (or `Rss:`), timed
/// by `SnapshotClock`.
/// smaps_rollup names no process: its pid comes from the file name (`smaps_rollup.pid-1234.txt`, `1234.smaps`), or
/// is the one the other files of the ingest name (`IncidentProcess`).
/// A kernel thread or zombie (no `VmRSS:` / `Rss:`) holds no user memory: skipped with that reason.
struct ProcCaptureParser: TextLineParser {
    enum Kind: Sendable {
        case status
        case smapsRollup

        func startsCapture(_ text: String) -> Bool {
            switch self {
            case .status: text.hasPrefix("Name:")
            case .smapsRollup: text.hasSuffix("[rollup]")
            }
        }

        var rssKey: String { self == .status ? "VmRSS:" : "Rss:" }
        var what: String { self == .status ? "status" : "smaps_rollup" }
    }

    let kind: Kind
    let context: ParseContext
    private var block: [String] = []
    private var blockStart = 0
    private var rssLine: Int?
    private var clock: SnapshotClock
    /// The time of the capture being read, nil when it has none.
    private var blockTime: Timestamp?
    /// The pid its line printed (`… pid=18916 Rss:29596 kB`), when it did.
    private var blockPid: Int?

    init(kind: Kind, context: ParseContext) {
        self.kind = kind
        self.context = context
        clock = SnapshotClock(context: context)
    }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let text = line.text
        // `echo "$(date -R) $(grep VmRSS /proc/PID/status)"`: the time and a field on one line. Fields stamped
        // alike (one `date` for several `grep`s) make one capture.
        if let (stamp, fields) = Self.stampedFields(text),
            kind == .status || fields.contains(where: { $0.hasPrefix("Pss:") })
        {
            let time = blockTime
            let (when, pid) = Self.splitPid(stamp)
            guard clock.readStamp(when, zone: context.zone) else {
                return try sink.skip(line: line.number, reason: "time before the field not understood", text: text)
            }
            if block.isEmpty || clock.stampTime != time || pid != blockPid {
                try flush(into: sink)
                blockStart = line.number
                blockTime = clock.beginSnapshot()
                blockPid = pid
            }
            for field in fields {
                if field.hasPrefix(kind.rssKey) { rssLine = line.number }
                block.append(field)
            }
            return
        } else if clock.readStamp(text, zone: context.zone) {
            try flush(into: sink)
            return
        }
        if let reason = SnapshotStamp.outOfRange(text) {
            try flush(into: sink)
            return try sink.skip(line: line.number, reason: reason, text: text)
        }
        // A capture of some fields only (`grep -E 'VmRSS|VmHWM' /proc/PID/status` after `date`) starts at its first
        // field after the time line.
        let fieldsOnly = kind == .status && block.isEmpty && clock.hasFreshStamp && Self.isStatusField(text)
        if kind.startsCapture(text) || fieldsOnly {
            try flush(into: sink)
            blockStart = line.number
            block = [text]
            if text.hasPrefix(kind.rssKey) { rssLine = line.number }
            blockTime = clock.beginSnapshot()
            return
        }
        guard !block.isEmpty else {
            if text.contains(where: { $0 != " " && $0 != "\t" }) {
                try sink.skip(line: line.number, reason: "line outside a \(kind.what) capture", text: text)
            }
            return
        }
        if text.hasPrefix(kind.rssKey) { rssLine = line.number }
        block.append(text)
    }

    mutating func finish(into sink: any RowSink) throws { try flush(into: sink) }

    /// `VmRSS:\t   52860 kB`, `RssAnon:\t…`: a memory field of a status file.
    static func isStatusField(_ text: String) -> Bool {
        (text.hasPrefix("Vm") || text.hasPrefix("Rss")) && text.contains(":") && text.hasSuffix(" kB")
    }

    /// `Mon, 07 Dec 2026 23:26:40 +0530 VmRSS:\t   44912 kB`, `1796677519 VmHWM: 5620 kB VmRSS: 5620 kB`,
    /// `08/12/2026 06:08:11 pid=18916 Rss:29596 kB Pss:23159 kB`: a time (and perhaps the pid), then memory fields
    /// (`isMemoryField`) on the same line; nil for other lines. The time is not read here (`SnapshotStamp`).
    static func stampedFields(_ text: String) -> (stamp: String, fields: [String])? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(" kB") else { return nil }
        let starts = fieldStarts(text)
        guard let first = starts.first else { return nil }
        let stamp = text[..<first].trimmingCharacters(in: .whitespaces)
        let fields = zip(starts, starts.dropFirst().map(Optional.some) + [nil]).map { start, end in
            text[start..<(end ?? text.endIndex)].trimmingCharacters(in: .whitespaces)
        }
        guard !stamp.isEmpty, let first = fields.first, first.hasPrefix("Vm") || first.hasPrefix("Rss"),
            fields.allSatisfy(isMemoryField)
        else { return nil }
        return (stamp, fields)
    }

    /// `08/12/2026 06:08:11 pid=18916`: the time, and the pid its last word names.
    static func splitPid(_ stamp: String) -> (time: String, pid: Int?) {
        guard let blank = stamp.lastIndex(of: " "), stamp[stamp.index(after: blank)...].hasPrefix("pid="),
            let pid = Int(stamp[stamp.index(blank, offsetBy: 5)...])
        else { return (stamp, nil) }
        return (String(stamp[..<blank]).trimmingCharacters(in: .whitespaces), pid)
    }

    /// Where each memory field (`VmRSS:`, `Rss:`, `Pss_Anon:`, `Anonymous:`) after a blank begins: a name of letters
    /// and underscores, a colon, then its number.
    private static func fieldStarts(_ text: String) -> [String.Index] {
        var starts: [String.Index] = []
        var i = text.startIndex
        while let blank = text[i...].firstIndex(where: { $0 == " " || $0 == "\t" }) {
            let next = text.index(after: blank)
            let rest = text[next...]
            if rest.first?.isUppercase == true, let colon = rest.firstIndex(of: ":"),
                rest[..<colon].allSatisfy({ $0.isLetter || $0 == "_" }),
                rest[rest.index(after: colon)...].first(where: { $0 != " " && $0 != "\t" })?.isNumber == true
            {
                starts.append(next)
            }
            i = next
        }
        return starts
    }

    /// `Pss:\t49316 kB`, `Rss:29596 kB`: a memory field of a status or smaps_rollup capture.
    static func isMemoryField(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex, text.hasSuffix(" kB") else { return false }
        return text[..<colon].allSatisfy { $0.isLetter || $0 == "_" }
    }

    /// `Threads:\t11`, `voluntary_ctxt_switches:\t9`: any field of a status file, its name then a colon and a tab.
    static func isStatusLine(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex,
            text[text.index(after: colon)...].first == "\t"
        else { return false }
        return text[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    private mutating func flush(into sink: any RowSink) throws {
        guard !block.isEmpty else { return }
        defer {
            block = []
            rssLine = nil
        }
        let first = block[0]
        let text = block.joined(separator: "\n")
        let status = kind == .status ? ProcStatus.parse(text) : nil
        let smaps = kind == .smapsRollup ? SmapsRollup.parse(text) : nil
        guard status != nil || smaps != nil, let rssLine else {
            try sink.skip(
                line: blockStart,
                reason:
                    "\(kind.what) without \(kind.rssKey.dropLast()): a kernel thread or zombie holds no user memory",
                text: first)
            return
        }
        guard let ts = blockTime else {
            try sink.skip(line: blockStart, reason: clock.missingTime(kind.what, capture: "capture"), text: first)
            return
        }
        let reading: ProcReading
        if let status {
            reading = ProcReading(
                ts: ts, pid: status.pid ?? blockPid ?? context.pid, process: status.name, rssKB: status.rssKB,
                status: status)
        } else if let smaps {
            reading = ProcReading(
                ts: ts, pid: blockPid ?? Self.pid(fromFileName: context.sourceName) ?? context.pid,
                process: context.label ?? "",
                rssKB: smaps.rssKB ?? smaps.pssKB, smaps: smaps)
        } else {
            return
        }
        try sink.emit(.procReading(reading, line: rssLine))
    }

    /// A pid in a file name: `pid1234`, `pid-1234`, or a run of digits standing alone between separators
    /// (`smaps_rollup.1234`, `1234-smaps.txt`); nil when there is none or more than one.
    static func pid(fromFileName name: String) -> Int? {
        if let pid = HeapSnapshotTime.pid(fromFileName: name) { return pid }
        let separators: Set<Character> = [".", "_", "-", "/", " "]
        let chars = Array(name)
        var runs: [Int] = []
        var i = 0
        while i < chars.count {
            guard chars[i].isASCII, chars[i].isNumber else {
                i += 1
                continue
            }
            var j = i
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            let alone =
                (i == 0 || separators.contains(chars[i - 1])) && (j == chars.count || separators.contains(chars[j]))
            if alone, j - i <= 9, let value = Int(String(chars[i..<j])) { runs.append(value) }
            i = j
        }
        return runs.count == 1 ? runs[0] : nil
    }
}
