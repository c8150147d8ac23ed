import Foundation

/// Samples the chosen processes or cgroup once per call, following processes as they start and exit.
///
/// Keeps only the processes it follows (and, for a cgroup, the last OOM counters), so its memory stays
/// flat however long it runs. Storage is separate (`RecordingSession`), so tests can sample without a
/// database.
/// ```swift
/// let recorder = try Recorder(target: .match("puma: cluster worker [0-9]+"), smaps: true)
/// let batch = recorder.sample(at: Timestamp(date: Date()))
/// ```
public final class Recorder {
    public let target: RecordTarget
    public let smaps: Bool
    public let host: String?
    /// The processes followed now, by pid.
    public private(set) var tracked: [Int: TrackedProcess] = [:]
    /// The last cgroup reading.
    public private(set) var lastCgroup: CgroupMemory?
    /// The first cgroup reading, for growth since the start.
    public private(set) var firstCgroup: CgroupMemory?
    /// True once a `--pid` recording has no process left to sample (or its cgroup has gone).
    public private(set) var isFinished = false
    /// Processes that started and exited while recording, counted for the summary.
    public private(set) var started = 0
    public private(set) var exited = 0
    public private(set) var ooms = 0

    private let reader = ProcFileReader()
    private let scanner: ProcessScanner
    private let excluded: Set<Int>
    /// The compiled `--match` pattern.
    private let pattern: ProcessPattern?
    private var intervals = 0

    /// - Parameters:
    ///   - procRoot: where `/proc` is (tests may point elsewhere).
    ///   - host: written on events (samples get it from the artifact writer).
    /// - Throws: `RecordError.invalidPattern` when a `.match` target is not a regular expression.
    public init(target: RecordTarget, smaps: Bool = false, host: String? = nil, procRoot: String = "/proc")
        throws(RecordError)
    {
        self.target = target
        self.smaps = smaps
        self.host = host
        if case .match(let text) = target { pattern = try ProcessPattern(text) } else { pattern = nil }
        scanner = ProcessScanner(root: procRoot, reader: reader)
        excluded = scanner.selfAndAncestors(of: Int(getpid()))
    }

    /// Takes one reading of everything followed; the returned batch is what one interval stores.
    public func sample(at ts: Timestamp) -> RecordBatch {
        defer { intervals += 1 }
        var batch = RecordBatch(ts: ts)
        switch target {
        case .pids(let pids):
            if intervals == 0 {
                for pid in pids { if let s = read(pid: pid, at: ts) { follow(pid, s, cmdline: nil, into: &batch) } }
                if tracked.isEmpty { isFinished = true }
            } else {
                sampleTracked(at: ts, into: &batch)
                if tracked.isEmpty { isFinished = true }
            }
        case .match:
            sampleTracked(at: ts, into: &batch)
            guard let pattern else { break }
            for pid in scanner.pids() where tracked[pid] == nil && !excluded.contains(pid) {
                guard let cmdline = scanner.cmdline(pid), !cmdline.isEmpty, pattern.matches(cmdline) else { continue }
                guard let s = read(pid: pid, at: ts) else { continue }
                follow(pid, s, cmdline: cmdline, into: &batch)
                if intervals > 0 {
                    started += 1
                    let followed = tracked[pid] ?? TrackedProcess(pid: pid, name: "", cmdline: "", first: s)
                    batch.events.append(startEvent(followed))
                }
            }
        case .cgroup(let path):
            sampleCgroup(path, at: ts, into: &batch)
        }
        return batch
    }

    private func read(pid: Int, at ts: Timestamp) -> ProcReading? {
        let dir = "\(scannerRoot)/\(pid)"
        guard let text = reader.text(dir + "/status"), let status = ProcStatus.parse(text) else { return nil }
        let rollup = smaps ? reader.text(dir + "/smaps_rollup").flatMap(SmapsRollup.parse) : nil
        return ProcReading(
            ts: ts, pid: pid, process: status.name, rssKB: status.rssKB, status: status, smaps: rollup)
    }

    private var scannerRoot: String { scanner.root }

    private func follow(_ pid: Int, _ sample: ProcReading, cmdline: String?, into batch: inout RecordBatch) {
        let line = cmdline ?? scanner.cmdline(pid) ?? sample.process
        tracked[pid] = TrackedProcess(pid: pid, name: sample.process, cmdline: line, first: sample)
        batch.samples.append(sample)
    }

    private func sampleTracked(at ts: Timestamp, into batch: inout RecordBatch) {
        for pid in tracked.keys.sorted() {
            guard var process = tracked[pid] else { continue }
            if let s = read(pid: pid, at: ts) {
                process.last = s
                process.peakRSSKB = max(process.peakRSSKB, s.rssKB)
                tracked[pid] = process
                batch.samples.append(s)
            } else {
                tracked[pid] = nil
                exited += 1
                batch.events.append(exitEvent(process, at: ts))
            }
        }
    }

    private func sampleCgroup(_ path: String, at ts: Timestamp, into batch: inout RecordBatch) {
        guard let reading = CgroupMemory.read(directory: path, with: reader) else {
            if lastCgroup != nil { isFinished = true }
            return
        }
        batch.samples.append(
            ProcReading(ts: ts, pid: nil, process: path, rssKB: reading.currentBytes / 1024, cgroup: reading))
        if let last = lastCgroup {
            let oomDelta = (reading.oom ?? 0) - (last.oom ?? 0)
            let killDelta = (reading.oomKill ?? 0) - (last.oomKill ?? 0)
            if oomDelta > 0 || killDelta > 0 {
                ooms += 1
                batch.events.append(oomEvent(path, reading, oomDelta: oomDelta, killDelta: killDelta, at: ts))
            }
        }
        lastCgroup = reading
        if firstCgroup == nil { firstCgroup = reading }
    }

    private func startEvent(_ p: TrackedProcess) -> Event {
        Event(
            line: 0, ts: p.firstSeen, host: host, pid: p.pid, process: p.name, kind: "start",
            message: "pid \(p.pid) (\(p.name)) started, RSS \(MemoryText.mb(p.firstRSSKB)): "
                + String(p.cmdline.prefix(200)),
            details: "{\"rss_kb\":\(p.firstRSSKB),"
                + "\"cmdline\":\(QueryResult.jsonString(String(p.cmdline.prefix(500))))}")
    }

    private func exitEvent(_ p: TrackedProcess, at ts: Timestamp) -> Event {
        let seconds = Double(p.last.ts.milliseconds - p.firstSeen.milliseconds) / 1000
        return Event(
            line: 0, ts: ts, host: host, pid: p.pid, process: p.name, kind: "exit",
            message: "pid \(p.pid) (\(p.name)) exited; last RSS \(MemoryText.mb(p.last.rssKB)), "
                + "peak \(MemoryText.mb(p.peakRSSKB)), followed \(String(format: "%.1f", seconds)) s",
            details: "{\"last_rss_kb\":\(p.last.rssKB),\"peak_rss_kb\":\(p.peakRSSKB),"
                + "\"last_seen\":\"\(p.last.ts.iso8601)\"}")
    }

    private func oomEvent(_ path: String, _ r: CgroupMemory, oomDelta: Int, killDelta: Int, at ts: Timestamp)
        -> Event
    {
        var parts: [String] = []
        if oomDelta > 0 { parts.append("oom +\(oomDelta) (total \(r.oom ?? 0))") }
        if killDelta > 0 { parts.append("oom_kill +\(killDelta) (total \(r.oomKill ?? 0))") }
        let limit = r.maxBytes.map { MemoryText.mb($0 / 1024) } ?? "none"
        return Event(
            line: 0, ts: ts, host: host, pid: nil, process: path, kind: "oom",
            message: "cgroup \(path): \(parts.joined(separator: ", ")); "
                + "usage \(MemoryText.mb(r.currentBytes / 1024)), limit \(limit)",
            details: "{\"oom\":\(r.oom.map(String.init) ?? "null"),"
                + "\"oom_kill\":\(r.oomKill.map(String.init) ?? "null"),"
                + "\"oom_delta\":\(oomDelta),\"oom_kill_delta\":\(killDelta),\"current_bytes\":\(r.currentBytes)}")
    }
}
