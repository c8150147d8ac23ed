/// Reads `/proc/PID/status` files saved as text (`cat /proc/1234/status > status.txt`), one or many.
///
/// Each status starts at its `Name:` line and becomes one RSS sample (VmRSS, VmSize, VmSwap) at the line of its
/// `VmRSS:`. Its time is the stamp line before it (`date`, see `SnapshotStamp`), else `--at`, a time in the file
/// name, or the file's mtime — for one status; two without stamps between them cannot both be placed in time.
/// A kernel thread or zombie (no `VmRSS:`) holds no user memory: skipped with that reason.
struct ProcStatusParser: LineParser {
    let context: ParseContext
    private var block: [String] = []
    private var blockStart = 0
    private var rssLine: Int?
    private var stamp: Timestamp?
    private var stampIsFresh = false
    private var blocks = 0

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RecordSink) throws {
        let text = line.text
        if let ts = SnapshotStamp.parse(text, zone: context.zone) {
            try flush(into: sink)
            stamp = ts
            stampIsFresh = true
            return
        }
        if text.hasPrefix("Name:") {
            try flush(into: sink)
            blockStart = line.number
            block = [text]
            return
        }
        guard !block.isEmpty else {
            if text.contains(where: { $0 != " " && $0 != "\t" }) {
                try sink.skip(
                    line: line.number, reason: "line outside a status file (expected `Name:` first)", text: text)
            }
            return
        }
        if text.hasPrefix("VmRSS:") { rssLine = line.number }
        block.append(text)
    }

    mutating func finish(into sink: any RecordSink) throws { try flush(into: sink) }

    private mutating func flush(into sink: any RecordSink) throws {
        guard !block.isEmpty else { return }
        defer {
            block = []
            rssLine = nil
            stampIsFresh = false
            blocks += 1
        }
        let first = block[0]
        guard let status = ProcStatus.parse(block.joined(separator: "\n")), let rssLine else {
            try sink.skip(
                line: blockStart, reason: "status without VmRSS: a kernel thread or zombie holds no user memory",
                text: first)
            return
        }
        let ts: Timestamp?
        if stampIsFresh {
            ts = stamp
        } else if stamp == nil, blocks == 0 {
            ts = context.snapshotTime?.ts
        } else {
            ts = nil
        }
        guard let ts else {
            try sink.skip(
                line: blockStart,
                reason: blocks == 0
                    ? "no time for this status: pass --at, or print `date` before each capture"
                    : "a second status without a time line before it: print `date` before each capture",
                text: first)
            return
        }
        try sink.emit(
            .rssSample(
                RSSSample(
                    line: rssLine, ts: ts, host: context.host, pid: status.pid, process: status.name,
                    rssKB: Double(status.rssKB), vszKB: status.vmSizeKB.map(Double.init),
                    swapKB: status.swapKB.map(Double.init))))
    }
}
