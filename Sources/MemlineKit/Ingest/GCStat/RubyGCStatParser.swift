import Foundation

/// Reads Ruby `GC.stat` samples, however they were written down.
///
/// - `p GC.stat` (`{:count=>28, :time=>38, …}`) and Ruby 3.4's inspect (`{count: 28, time: 38, …}`),
///   alone on a line or after a Ruby `Logger` prefix (`I, [2026-11-22T01:39:21.557977 #16677]  INFO -- : GC.stat {…}`)
///   or an ISO-8601 time;
/// - JSON lines (`GC.stat.merge(timestamp:, pid:).to_json`): `timestamp`/`ts` give the time, `pid` the process
///   (GC.stat's own `time` key is GC time in ms, not a clock);
/// - a line holding only a time and `pid=N` gives both to the next sample;
/// - logfmt pairs after a time (`2026-12-07T17:45:03.069-03:30 worker=0 pid=22764 count=20 heap_live_slots=36917 …`);
/// - rack-mini-profiler's `?pp=profile-gc` report: its `key : value` GC stats, plus its overview figures and
///   "ObjectSpace delta caused by request" table (stored as `delta.<Class>` keys).
/// `GC.disable` / `GC.enable` / `GC.start` lines with a time become `gc` events.
struct RubyGCStatParser: TextLineParser {
    private let context: ParseContext
    private var pendingTS: Timestamp?
    private var pendingPid: Int?
    /// An open rack-mini-profiler report: its first line and the keys read so far.
    private var report: (line: Int, entries: [GCSample.Entry])?
    private var inDelta = false

    init(context: ParseContext) { self.context = context }

    mutating func parse(_ line: Line, into sink: any RowSink) throws {
        let u = Array(line.text.utf8)
        var i = 0
        while i < u.count, u[i] == 0x20 || u[i] == 0x09 { i += 1 }
        if i == u.count { return }

        // A time and pid before the message: Logger prefix, or a leading ISO time with `pid=N`.
        var ts: Timestamp?
        var pid: Int?
        if let logger = Self.loggerPrefix(u, zone: context.zone) {
            ts = logger.ts
            pid = logger.pid
            i = logger.end
        } else {
            let parsed = u.withUnsafeBufferPointer {
                Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: $0[i...]), zone: context.zone)
            }
            if let parsed {
                ts = parsed.timestamp
                i += parsed.length
            }
        }
        if pid == nil { pid = Self.pidField(u, from: i) }

        if let brace = u[i...].firstIndex(of: 0x7B) {
            try flushReport(into: sink)
            try parseHash(u, from: brace, line: line, ts: ts, pid: pid, into: sink)
            return
        }
        if let entries = Self.logfmtEntries(u, from: i) {
            try flushReport(into: sink)
            try sink.emit(
                .gcSample(
                    GCSample(
                        line: line.number, ts: ts ?? pendingTS, host: context.host, pid: pid ?? pendingPid,
                        entries: entries)))
            pendingTS = nil
            return
        }
        if try parseReportLine(u, from: i, line: line, into: sink) { return }
        try flushReport(into: sink)

        let message = String(decoding: u[i...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if let ts, let call = ["GC.disable", "GC.enable", "GC.start", "GC.compact"].first(where: message.contains) {
            try sink.emit(
                .event(Event(line: line.number, ts: ts, host: context.host, pid: pid, kind: "gc", message: call)))
            return
        }
        // A header such as `2026-11-22T01:39:21.557Z pid=16677`: it dates the sample on the next line.
        if ts != nil || pid != nil {
            pendingTS = ts ?? pendingTS
            pendingPid = pid ?? pendingPid
        }
    }

    mutating func finish(into sink: any RowSink) throws {
        try flushReport(into: sink)
    }

    // MARK: - Hashes

    /// Emits the `GC.stat` hash starting at the brace at `start`, bare or in an envelope whose time, pid and host
    /// it takes; a cut `GC.stat` hash is a skipped line, any other hash is not ours.
    private mutating func parseHash(
        _ u: [UInt8], from start: Int, line: Line, ts: Timestamp?, pid: Int?, into sink: any RowSink
    ) throws {
        let read = GCStatHashReader.find(u, from: start, zone: context.zone)
        let entries = read.entries
        let closed = read.closed
        let sampleTS = read.ts ?? ts
        let samplePid = read.pid ?? pid
        let host = read.host
        let isGCStat = read.isGCStat
        guard isGCStat else {
            // Another hash (ObjectSpace.count_objects, a log's params): not ours, not an error.
            // A cut line that had begun an envelope (a time or pid, then nothing) is counted too.
            if !closed, entries.contains(where: { $0.key == "count" }) || read.ts != nil || read.pid != nil {
                try sink.skip(
                    line: line.number, reason: "GC.stat hash without its closing '}' (truncated?)", text: line.text)
            }
            return
        }
        guard closed else {
            return try sink.skip(
                line: line.number, reason: "GC.stat hash without its closing '}' (truncated?)", text: line.text)
        }
        if let reason = GCSample.outOfRange(entries) {
            return try sink.skip(line: line.number, reason: reason, text: line.text)
        }
        try sink.emit(
            .gcSample(
                GCSample(
                    line: line.number, ts: sampleTS ?? pendingTS, host: host ?? context.host,
                    pid: samplePid ?? pendingPid, entries: entries)))
        pendingTS = nil
    }

    /// An envelope's numeric `time`: Unix seconds, or milliseconds when it is that large; nil for anything else.
    static func epochTime(_ value: Double?) -> Timestamp? {
        guard let value, value > 1e9 else { return nil }
        let milliseconds = value > 1e12 ? value : value * 1000
        return Timestamp(checkedMilliseconds: milliseconds)
    }

    // MARK: - rack-mini-profiler's profile-gc report

    /// Reads one line of a profile-gc report; false when the line is not part of one.
    private mutating func parseReportLine(_ u: [UInt8], from start: Int, line: Line, into sink: any RowSink) throws
        -> Bool
    {
        let text = String(decoding: u[start...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("---") || text == "Overview" { return report != nil || text == "Overview" }
        let overview: [(prefix: String, key: String)] = [
            ("Initial state: object count:", "initial_object_count"),
            ("Memory allocated outside heap (bytes):", "memory_outside_heap_bytes"),
            ("New bytes allocated outside of Ruby heaps:", "new_bytes_outside_heap"),
            ("New objects:", "new_objects"),
        ]
        if text == "GC Stats:" {
            if report == nil { report = (line.number, []) }
            inDelta = false
            return true
        }
        if text == "ObjectSpace delta caused by request:" {
            if report == nil { report = (line.number, []) }
            inDelta = true
            return true
        }
        if let known = overview.first(where: { text.hasPrefix($0.prefix) }),
            let value = Double(text.dropFirst(known.prefix.count).trimmingCharacters(in: .whitespaces))
        {
            if report == nil { report = (line.number, []) }
            report?.entries.append(GCSample.Entry(key: known.key, value: value))
            return true
        }
        guard report != nil, let colon = text.range(of: " : ") else { return false }
        let key = text[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
        guard let value = Double(text[colon.upperBound...].trimmingCharacters(in: .whitespaces)), !key.isEmpty else {
            return false
        }
        report?.entries.append(GCSample.Entry(key: inDelta ? "delta.\(key)" : key, value: value))
        return true
    }

    private mutating func flushReport(into sink: any RowSink) throws {
        guard let open = report else { return }
        report = nil
        inDelta = false
        guard open.entries.contains(where: { $0.key == "count" }) else { return }
        if let reason = GCSample.outOfRange(open.entries) {
            pendingTS = nil
            return try sink.skip(line: open.line, reason: reason, text: "")
        }
        try sink.emit(
            .gcSample(
                GCSample(line: open.line, ts: pendingTS, host: context.host, pid: pendingPid, entries: open.entries)))
        pendingTS = nil
    }

    // MARK: - Prefixes

    /// `I, [2026-11-22T01:39:21.557977 #16677]  INFO -- : ` → the time, the pid and where the message starts.
    static func loggerPrefix(_ u: [UInt8], zone: ZoneRule) -> (ts: Timestamp, pid: Int?, end: Int)? {
        guard u.count > 5, u[1] == 0x2C, u[2] == 0x20, u[3] == 0x5B else { return nil }
        let parsed = u.withUnsafeBufferPointer {
            Timestamp.parseISO(bytes: UnsafeBufferPointer(rebasing: $0[4...]), zone: zone)
        }
        guard let parsed else { return nil }
        var i = 4 + parsed.length
        while i < u.count, u[i] == 0x20 { i += 1 }
        var pid: Int?
        if i < u.count, u[i] == 0x23 {
            i += 1
            var v = 0
            let s = i
            // At most 18 digits: more cannot be a pid, and would overflow.
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39, i - s < 18 {
                v = v * 10 + Int(u[i] - 0x30)
                i += 1
            }
            if i > s { pid = v }
        }
        guard let close = u[i...].firstIndex(of: 0x5D) else { return nil }
        var end = close + 1
        // `  INFO -- progname: `
        if let dashes = Self.find(u, [0x2D, 0x2D, 0x20], from: end), let colon = u[dashes...].firstIndex(of: 0x3A) {
            end = colon + 1
        }
        return (parsed.timestamp, pid, end)
    }

    /// `count=20 major_gc_count=4 heap_live_slots=36917 …` (GC.stat as logfmt): its numeric pairs but the process's
    /// `pid` and `worker`; nil unless `count` and `heap_live_slots` are among them.
    static func logfmtEntries(_ u: [UInt8], from start: Int) -> [GCSample.Entry]? {
        let text = String(decoding: u[start...], as: UTF8.self)
        guard text.contains("heap_live_slots=") else { return nil }
        var entries: [GCSample.Entry] = []
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !["pid", "worker"].contains(parts[0]), let value = Double(parts[1]) else {
                continue
            }
            entries.append(GCSample.Entry(key: String(parts[0]), value: value))
        }
        let keys = Set(entries.map(\.key))
        return keys.contains("count") && keys.contains("heap_live_slots") ? entries : nil
    }

    /// `pid=16677` or `pid: 16677` anywhere after `from`.
    static func pidField(_ u: [UInt8], from: Int) -> Int? {
        guard var i = find(u, Array("pid".utf8), from: from) else { return nil }
        i += 3
        guard i < u.count, u[i] == 0x3D || u[i] == 0x3A else { return nil }
        i += 1
        while i < u.count, u[i] == 0x20 { i += 1 }
        var v = 0
        let s = i
        while i < u.count, u[i] >= 0x30, u[i] <= 0x39, i - s < 18 {
            v = v * 10 + Int(u[i] - 0x30)
            i += 1
        }
        return i > s ? v : nil
    }

    static func find(_ u: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, u.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= u.count {
            if u[i] == needle[0], u[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
