/// Reads logfmt memory lines from ad-hoc sampling loops: a time and a key naming memory make an RSS sample.
///
/// ```
/// 2026-12-06T09:11:53Z rss_kb=17656
/// ts=2026-12-06T09:11:53.707Z pid=26469 rss=17.2MB
/// time="2026-12-06 09:11:53" host=vm mem_used=1329393664
/// ```
/// A line of only a time and a size (`1796654615 17856`) is a sample too.
/// The time is a leading ISO-8601 time or a `ts`/`time`/`timestamp` key (ISO-8601 or Unix seconds); `pid`, `host`,
/// `process` keys are kept (`MemorySampleField`). The memory key is a `LogfmtMemoryKey`, its unit read from the key
/// or the value (`MemoryUnit`). A line whose `msg` (or `event`, `action`) says a process started or ended
/// (`msg=started pid=17954`, `msg=exited`) is that event, of kind `restart`, `exit` or `kill`: a watchdog's own
/// lines between its samples. A line with no time, no memory key, or a value that is no size is skipped with the
/// reason.
struct LogfmtMemoryParser: TextLineParser {
    private let context: ParseContext

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        if line.text.allSatisfy(\.isWhitespace) { return }
        let bytes = Array(line.text.utf8)
        switch bytes.withUnsafeBufferPointer({ read($0, text: line.text) }) {
        case .sample(var sample):
            sample.line = line.number
            try sink.emit(.rssSample(sample))
        case .event(var event):
            event.line = line.number
            try sink.emit(.event(event))
        case .skip(let reason):
            try sink.skip(line: line.number, reason: reason, text: line.text)
        }
    }

    /// What one line is.
    private enum Reading {
        case sample(RSSSample)
        case event(Event)
        case skip(String)
    }

    /// What a `msg=` value says happened to a process, as an event kind; nil for anything else.
    static func lifecycleKind(_ value: String) -> String? {
        switch value.lowercased() {
        case "started", "start", "spawned", "booted", "restarted", "respawned": return "restart"
        case "exited", "exit", "stopped", "stop", "terminated", "died": return "exit"
        case "killed", "kill", "oom_killed", "oom-killed": return "kill"
        default: return nil
        }
    }

    private func read(_ u: UnsafeBufferPointer<UInt8>, text: String) -> Reading {
        if let pair = timeAndSize(text) { return pair }
        var builder = MemorySampleBuilder()
        var start = 0
        if let iso = Timestamp.parseISO(bytes: u, zone: context.zone) {
            _ = builder.set(.time, label: "time", number: iso.timestamp.seconds)
            start = iso.length
        }
        var memoryLabel: String?
        var problem: String?
        var lifecycle: String?
        LogfmtScanner.forEachPair(u, from: start) { keyRange, valueRange in
            guard problem == nil else { return }
            let key = ASCIIScan.string(u, keyRange)
            if ["msg", "event", "action"].contains(key) {
                lifecycle = lifecycle ?? Self.lifecycleKind(ASCIIScan.string(u, valueRange))
                return
            }
            let value = UnsafeBufferPointer(rebasing: u[valueRange])
            if let field = MemorySampleField.named(key), !field.isRSS {
                problem = builder.set(field, label: "key \(key)", text: value, zone: context.zone)
            } else if memoryLabel == nil, let memory = LogfmtMemoryKey(key) ?? Self.rssField(key) {
                let text = ASCIIScan.string(u, valueRange)
                guard let kib = MemoryUnit.kib(text, keyUnit: memory.kibPerUnit) else {
                    problem = "key \(key): expected a size such as 4324, 17.2MB or 1.2GiB, got '\(text.prefix(60))'"
                    return
                }
                memoryLabel = "key \(key)"
                _ = builder.set(.rss(kibPerUnit: 1), label: "key \(key)", number: kib)
            }
        }
        if let problem { return .skip(problem) }
        guard let memoryLabel else {
            if let lifecycle, let event = builder.event(line: 0, kind: lifecycle, message: text, host: context.host) {
                return .event(event)
            }
            return .skip("no key naming memory (rss_kb=…, rss=…MB, mem_used=…); not a memory sample")
        }
        switch builder.build(
            line: 0, timeLabel: "time (leading or ts=/time=)", rssLabel: memoryLabel, host: context.host,
            pid: context.pid)
        {
        case .success(let sample): return .sample(sample)
        case .failure(let problem): return .skip(problem.reason)
        }
    }

    /// A loop that prints only a time and a size (`echo "$(date +%s) $(ps -o rss= -p 5929)"`: `1796654615 17856`,
    /// or `2026-12-07T14:43:35Z 17.4MB`): a sample; nil for any other line. A bare number is KiB below 10^8, bytes
    /// above (`MemoryUnit`), as `ps -o rss=` prints KiB and `/proc`'s byte counts run to hundreds of millions.
    private func timeAndSize(_ text: String) -> Reading? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard words.count == 2, let kib = MemoryUnit.kib(words[1], keyUnit: nil) else { return nil }
        let time = String(words[0])
        let ts: Timestamp?
        if time.utf8.count >= 9, time.utf8.count <= 13, time.allSatisfy(\.isNumber), let seconds = Double(time) {
            ts = Timestamp(checkedSeconds: time.utf8.count >= 12 ? seconds / 1000 : seconds)
        } else if time.contains("T") || time.contains(":") {
            ts = Timestamp.parseISO(time, zone: context.zone)
        } else {
            ts = nil
        }
        guard let ts else { return nil }
        // It names no process: the one the other files name, if any (`IncidentProcess`).
        return .sample(RSSSample(line: 0, ts: ts, host: context.host, pid: context.pid, rssKB: kib))
    }

    /// `rss_kb`, `rss_bytes`, `rss_mb` as the memory-samples formats name them.
    private static func rssField(_ key: String) -> LogfmtMemoryKey? {
        guard case .rss(let kib) = MemorySampleField.named(key) else { return nil }
        var found = LogfmtMemoryKey("rss")
        found?.kibPerUnit = kib
        return found
    }
}
